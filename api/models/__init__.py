"""The SQLModel tables, one module per entity; importing this package registers them all
on ``SQLModel.metadata``."""

from api.models.citation import CHILD_PARENT, CITATION_TABLES
from api.models.contributor import Contributor, ContributorBase
from api.models.curation import ApiKey, IdempotencyRecord, Revision
from api.models.event import Event, EventActor, EventBase
from api.models.mandate import (
    RESOLUTION_COPIES,
    CouncilSeat,
    Mandate,
    MandateBase,
    Resolution,
    ResolutionBase,
    Vote,
)
from api.models.mission import Mission, MissionBase
from api.models.observation import Observation, ObservationBase
from api.models.search import SearchDocument
from api.models.source import Source, SourceBase
from api.models.state import DatasetState

__all__ = [
    "CHILD_PARENT",
    "CITATION_TABLES",
    "RESOLUTION_COPIES",
    "ApiKey",
    "Contributor",
    "ContributorBase",
    "CouncilSeat",
    "DatasetState",
    "Event",
    "EventActor",
    "EventBase",
    "IdempotencyRecord",
    "Mandate",
    "MandateBase",
    "Mission",
    "MissionBase",
    "Observation",
    "ObservationBase",
    "Resolution",
    "ResolutionBase",
    "Revision",
    "SearchDocument",
    "Source",
    "SourceBase",
    "Vote",
]
