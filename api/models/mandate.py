"""Mandate: one legal instrument acting on a mission, and the Council's per-member votes."""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import Body, MandateAction, VoteChoice
from api.models.versioned import Versioned


class MandateBase(SQLModel):
    mission: str = Field(foreign_key="mission.id", index=True)
    symbol: str = Field(unique=True)
    body: Body = Field(sa_type=enum_type(Body), index=True)
    adopted_on: date = Field(index=True)
    action: MandateAction = Field(sa_type=enum_type(MandateAction), index=True)
    effective_from: date | None = None
    expires_on: date | None = Field(default=None, index=True)
    ceiling_military: int | None = None
    ceiling_police: int | None = None
    ceiling_civilian: int | None = None
    ceiling_total: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    meeting: int | None = None
    penholders: list[str] = Field(default_factory=list, sa_type=sa.JSON)


class Mandate(MandateBase, Versioned, table=True):
    id: str = Field(primary_key=True, max_length=120)


class Vote(SQLModel, table=True):
    """How one Council member voted on one mandate."""

    mandate: str = Field(foreign_key="mandate.id", primary_key=True)
    member: str = Field(foreign_key="contributor.id", primary_key=True, index=True)
    vote: VoteChoice = Field(sa_type=enum_type(VoteChoice), index=True)


class CouncilSeat(SQLModel, table=True):
    """A member of the Security Council in a year, as a source states it."""

    __tablename__ = "council_seat"

    year: int = Field(primary_key=True)
    member: str = Field(foreign_key="contributor.id", primary_key=True, index=True)
    source: str = Field(foreign_key="source.id", index=True)
