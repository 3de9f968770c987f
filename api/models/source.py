"""Source: a document that states facts. Every other record cites one or more."""

from datetime import date

from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import SourceKind
from api.models.versioned import Versioned


class SourceBase(SQLModel):
    title: str
    publisher: str
    url: str | None = None
    published_on: date | None = Field(default=None, index=True)
    kind: SourceKind = Field(sa_type=enum_type(SourceKind), index=True)


class Source(SourceBase, Versioned, table=True):
    id: str = Field(primary_key=True, max_length=120)
