"""Contributor: a state or organization that authorizes, pledges, sends, pays or votes."""

from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import ContributorKind
from api.models.versioned import Versioned


class ContributorBase(SQLModel):
    name: str
    kind: ContributorKind = Field(sa_type=enum_type(ContributorKind), index=True)
    iso3: str | None = Field(default=None, max_length=3, index=True)
    region: str | None = Field(default=None, index=True)


class Contributor(ContributorBase, Versioned, table=True):
    id: str = Field(primary_key=True, max_length=120)
