"""Mission: a peace operation or security mission, linked to its predecessor and successor."""

from datetime import date

from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import Body, FundingModel, MissionKind, MissionStatus
from api.models.versioned import Versioned


class MissionBase(SQLModel):
    name: str
    acronym: str | None = None
    kind: MissionKind = Field(sa_type=enum_type(MissionKind), index=True)
    host_country: str = Field(max_length=3, index=True)
    lead: str | None = Field(default=None, foreign_key="contributor.id", index=True)
    authorized_by: Body | None = Field(default=None, sa_type=enum_type(Body))
    chapter_vii: bool = False
    funding_model: FundingModel | None = Field(default=None, sa_type=enum_type(FundingModel))
    status: MissionStatus = Field(sa_type=enum_type(MissionStatus), index=True)
    start_date: date | None = Field(default=None, index=True)
    end_date: date | None = Field(default=None, index=True)
    predecessor: str | None = Field(default=None, foreign_key="mission.id", index=True)
    successor: str | None = Field(default=None, foreign_key="mission.id", index=True)
    summary: str | None = None


class Mission(MissionBase, Versioned, table=True):
    id: str = Field(primary_key=True, max_length=120)
