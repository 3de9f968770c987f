"""Event: a dated happening, with the contributors that acted in it."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import ActorRole, DatePrecision, EventKind, Stance
from api.models.versioned import Versioned


class EventBase(SQLModel):
    date: dt.date
    date_precision: DatePrecision = Field(sa_type=enum_type(DatePrecision))
    kind: EventKind = Field(sa_type=enum_type(EventKind))
    title: str
    summary: str | None = None
    mission: str | None = Field(default=None, foreign_key="mission.id")
    mandate: str | None = Field(default=None, foreign_key="mandate.id", index=True)
    location: str | None = None


class Event(EventBase, Versioned, table=True):
    # Each filter researchers combine, followed by the default order (date, then the key):
    # the index delivers the page in order and counts a filter's rows (migration 0004).
    __table_args__ = (
        sa.Index("ix_event_date_id", "date", "id"),
        sa.Index("ix_event_kind_date_id", "kind", "date", "id"),
        sa.Index("ix_event_mission_date_id", "mission", "date", "id"),
        sa.Index("ix_event_mission_kind_date_id", "mission", "kind", "date", "id"),
        # A search's matches sorted by date from the index alone (migration 0005).
        sa.Index("ix_event_id_date", "id", "date"),
    )

    id: str = Field(primary_key=True, max_length=160)


class EventActor(SQLModel, table=True):
    """A contributor's part in an event: its role and its stance."""

    __tablename__ = "event_actor"

    event: str = Field(foreign_key="event.id", primary_key=True)
    contributor: str = Field(foreign_key="contributor.id", primary_key=True, index=True)
    role: ActorRole = Field(sa_type=enum_type(ActorRole), primary_key=True)
    stance: Stance = Field(sa_type=enum_type(Stance), index=True)
