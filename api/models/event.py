"""Event: a dated happening, with the contributors that acted in it."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import ActorRole, DatePrecision, EventKind, Stance
from api.models.versioned import Versioned


class EventBase(SQLModel):
    date: dt.date = Field(index=True)
    date_precision: DatePrecision = Field(sa_type=enum_type(DatePrecision))
    kind: EventKind = Field(sa_type=enum_type(EventKind), index=True)
    title: str
    summary: str | None = None
    mission: str | None = Field(default=None, foreign_key="mission.id", index=True)
    mandate: str | None = Field(default=None, foreign_key="mandate.id", index=True)
    location: str | None = None


class Event(EventBase, Versioned, table=True):
    __table_args__ = (sa.Index("ix_event_mission_date", "mission", "date"),)

    id: str = Field(primary_key=True, max_length=160)


class EventActor(SQLModel, table=True):
    """A contributor's part in an event: its role and its stance."""

    __tablename__ = "event_actor"

    event: str = Field(foreign_key="event.id", primary_key=True)
    contributor: str = Field(foreign_key="contributor.id", primary_key=True, index=True)
    role: ActorRole = Field(sa_type=enum_type(ActorRole), primary_key=True)
    stance: Stance = Field(sa_type=enum_type(Stance), index=True)
