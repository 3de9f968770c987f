"""Observation: one sourced, dated figure about a mission (and one contributor, if any)."""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import Confidence, Metric, Unit
from api.models.versioned import Versioned


class ObservationBase(SQLModel):
    mission: str = Field(foreign_key="mission.id")
    contributor: str | None = Field(default=None, foreign_key="contributor.id")
    metric: Metric = Field(sa_type=enum_type(Metric))
    value: float
    unit: Unit = Field(sa_type=enum_type(Unit))
    as_of: date
    confidence: Confidence = Field(sa_type=enum_type(Confidence))
    note: str | None = None
    # True when the value is a tranche that adds to the subject's earlier figure of the
    # same metric and unit ("on top of"), rather than a new total that replaces it.
    increment: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class Observation(ObservationBase, Versioned, table=True):
    # Each filter followed by the default order (as_of, then the key), as for events.
    __table_args__ = (
        sa.Index("ix_observation_as_of_id", "as_of", "id"),
        sa.Index("ix_observation_contributor_as_of_id", "contributor", "as_of", "id"),
        sa.Index("ix_observation_metric_as_of_id", "metric", "as_of", "id"),
        sa.Index("ix_observation_mission_as_of_id", "mission", "as_of", "id"),
        sa.Index("ix_observation_mission_metric_as_of", "mission", "metric", "as_of"),
    )

    id: str = Field(primary_key=True, max_length=160)
