"""Resolutions, the mandates they give to missions, and the Council's per-member votes.

A resolution is the Council's act as the UN records it (symbol, meeting, tally, votes);
a mandate is what one instrument does to one mission (establish, extend, ...). A
resolution acting on two missions gives two mandates; one acting on none (a sanctions
regime) gives none. A mandate adopted by the Council names its resolution, and carries
copies of the resolution's tally, meeting and penholders (``RESOLUTION_COPIES``), which
the writer keeps equal to the resolution's: a mandate answers "how was it voted"
without a join, and the vote is recorded once.
"""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import Body, MandateAction, ResolutionModality, VoteChoice
from api.models.versioned import Versioned

__all__ = [
    "RESOLUTION_COPIES",
    "CouncilSeat",
    "Mandate",
    "MandateBase",
    "Resolution",
    "ResolutionBase",
    "Vote",
]

# The mandate columns that copy its resolution's (same names on both tables).
RESOLUTION_COPIES = ("votes_for", "votes_against", "abstentions", "meeting", "penholders")


class ResolutionBase(SQLModel):
    symbol: str = Field(unique=True, max_length=40)
    adopted_on: date = Field(index=True)
    meeting: int | None = Field(default=None, index=True)
    draft: str | None = Field(default=None, max_length=40)
    agenda: str | None = None
    subjects: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    modality: ResolutionModality | None = Field(default=None, sa_type=enum_type(ResolutionModality))
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    non_voting: int | None = None
    penholders: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    undl_record: str | None = None


class Resolution(ResolutionBase, Versioned, table=True):
    id: str = Field(primary_key=True, max_length=120)


class MandateBase(SQLModel):
    mission: str = Field(foreign_key="mission.id", index=True)
    resolution: str | None = Field(default=None, foreign_key="resolution.id", index=True)
    symbol: str = Field(index=True)  # not unique: a resolution may act on several missions
    body: Body = Field(sa_type=enum_type(Body), index=True)
    adopted_on: date = Field(index=True)
    action: MandateAction = Field(sa_type=enum_type(MandateAction), index=True)
    effective_from: date | None = None
    expires_on: date | None = Field(default=None, index=True)
    ceiling_military: int | None = None
    ceiling_police: int | None = None
    ceiling_civilian: int | None = None
    ceiling_total: int | None = None


class Mandate(MandateBase, Versioned, table=True):
    id: str = Field(primary_key=True, max_length=120)
    # Copies of the resolution's (RESOLUTION_COPIES): written by the writer, never by a client.
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    meeting: int | None = None
    penholders: list[str] = Field(default_factory=list, sa_type=sa.JSON)


class Vote(SQLModel, table=True):
    """How one Council member voted on one resolution."""

    resolution: str = Field(foreign_key="resolution.id", primary_key=True)
    member: str = Field(foreign_key="contributor.id", primary_key=True, index=True)
    vote: VoteChoice = Field(sa_type=enum_type(VoteChoice), index=True)


class CouncilSeat(SQLModel, table=True):
    """A member of the Security Council in a year, as a source states it."""

    __tablename__ = "council_seat"

    year: int = Field(primary_key=True)
    member: str = Field(foreign_key="contributor.id", primary_key=True, index=True)
    source: str = Field(foreign_key="source.id", index=True)
