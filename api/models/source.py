"""Source: a document that states facts. Every other record cites one or more."""

from datetime import date

from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import DatePrecision, SourceKind
from api.models.versioned import Versioned


class SourceBase(SQLModel):
    title: str
    publisher: str
    url: str | None = None
    # A UN document's symbol (S/RES/1542 (2004), S/2004/300, SC/8083), where it has one.
    symbol: str | None = Field(default=None, max_length=60, index=True)
    published_on: date | None = Field(default=None, index=True)
    published_precision: DatePrecision = Field(
        default=DatePrecision.day,
        sa_type=enum_type(DatePrecision),
        sa_column_kwargs={"server_default": DatePrecision.day.value},
    )
    kind: SourceKind = Field(sa_type=enum_type(SourceKind), index=True)
    # What is known about the document, and what could not be found.
    note: str | None = None


class Source(SourceBase, Versioned, table=True):
    id: str = Field(primary_key=True, max_length=120)
