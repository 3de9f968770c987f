"""Input schemas of every kind of record: the one validation path of the seed loader (and
of the writes that build on it). Unknown fields are refused; every record cites sources.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from sqlmodel import SQLModel

from api.models import (
    ContributorBase,
    EventBase,
    MandateBase,
    MissionBase,
    ObservationBase,
    ResolutionBase,
    SourceBase,
)
from api.models.enums import ActorRole, Stance, VoteChoice
from api.query.numbers import is_count

__all__ = [
    "DOCUMENT_URL_PATTERN",
    "RECORD_SCHEMAS",
    "ActorIn",
    "ContributorIn",
    "CouncilYearIn",
    "EventIn",
    "MandateIn",
    "MissionIn",
    "ObservationIn",
    "ResolutionIn",
    "SourceIn",
    "VotesIn",
    "document_url_problem",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("must be a lower-case slug: letters, digits and '-'")
    return value


Slug = Annotated[str, Field(min_length=1, max_length=160), AfterValidator(_slug)]
Sources = Annotated[list[Slug], Field(min_length=1)]

_STRICT = ConfigDict(extra="forbid", use_enum_values=False)


# A source's URL: an http(s) URL with a path or a query after the host; not a home page.
# (Control characters and spaces are spelled out: ``\s`` differs between regex engines.)
DOCUMENT_URL_PATTERN = r"^https?://[^/?#\x00-\x20\x7f]+(/+[^/?#\x00-\x20\x7f]|/*\?)[^\x00-\x20\x7f]*$"
_DOCUMENT_URL = re.compile(DOCUMENT_URL_PATTERN)


def document_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a source's URL (None when it can): a source is one document,
    so its URL is an absolute http(s) URL with a path; a site's home page is not one."""
    if _DOCUMENT_URL.match(url):
        return None
    if re.match(r"^https?://[^/?#\x00-\x20\x7f]+/*(#[^\x00-\x20\x7f]*)?$", url):
        return f"{url!r} is a site's home page, not a document: give the document's own URL"
    return "must be an absolute http(s) URL with the document's path"


class SourceIn(SourceBase):
    """A document: one specific document, found by its URL or its UN document symbol."""

    model_config = _STRICT  # type: ignore[assignment]
    id: Slug

    @field_validator("url")
    @classmethod
    def _a_document_url(cls, url: str | None) -> str | None:
        problem = None if url is None else document_url_problem(url)
        if problem is not None:
            raise ValueError(problem)
        return url

    @model_validator(mode="after")
    def _one_document(self) -> SourceIn:
        if self.url is None and not self.symbol and not self.note:
            raise ValueError(
                "a source needs the url of the document or its UN document symbol; where neither "
                "can be found, a note that says so"
            )
        return self


class ContributorIn(ContributorBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug
    sources: Sources


class MissionIn(MissionBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug
    sources: Sources


class VotesIn(SQLModel):
    """Per-member votes on a resolution, grouped by choice."""

    model_config = _STRICT  # type: ignore[assignment]
    yes: list[Slug] = Field(default_factory=list)
    no: list[Slug] = Field(default_factory=list)
    abstain: list[Slug] = Field(default_factory=list)
    absent: list[Slug] = Field(default_factory=list)

    def by_member(self) -> dict[str, VoteChoice]:
        out: dict[str, VoteChoice] = {}
        for choice in VoteChoice:
            for member in getattr(self, choice.value):
                out[member] = choice
        return out


class ResolutionIn(ResolutionBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug
    votes: VotesIn | None = None
    sources: Sources


class MandateIn(MandateBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug
    sources: Sources


class ObservationIn(ObservationBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug
    sources: Sources

    @model_validator(mode="after")
    def _whole_count(self) -> ObservationIn:
        # A count is written as a whole number (api.query.numbers): a fraction of a person
        # is a typing error, not a figure.
        if is_count(self.unit) and not float(self.value).is_integer():
            raise ValueError(f"value: a count of {self.unit} is a whole number, not {self.value}")
        return self


class ActorIn(SQLModel):
    model_config = _STRICT  # type: ignore[assignment]
    contributor: Slug
    role: ActorRole
    stance: Stance


class EventIn(EventBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug
    actors: list[ActorIn] = Field(default_factory=list)
    sources: Sources


# The Council had 11 members until the enlargement of 1965 took effect on 1 January 1966.
FIRST_YEAR_OF_FIFTEEN = 1966


class CouncilYearIn(SQLModel):
    """The members of the Security Council in one year: 11 through 1965, 15 since."""

    model_config = _STRICT  # type: ignore[assignment]
    year: int = Field(ge=1946, le=2100)
    members: list[Slug] = Field(min_length=11, max_length=15)
    sources: Annotated[list[Slug], Field(min_length=1, max_length=1)]  # one list, one source

    @field_validator("members")
    @classmethod
    def _size_of_the_year(cls, members: list[str], info: ValidationInfo) -> list[str]:
        year = info.data.get("year")
        size = 15 if year is None or year >= FIRST_YEAR_OF_FIFTEEN else 11
        if len(members) != size:
            raise ValueError(f"the Council of {year} had {size} members, not {len(members)}")
        return members


RECORD_SCHEMAS: dict[str, type[SQLModel]] = {
    "sources": SourceIn,
    "contributors": ContributorIn,
    "council": CouncilYearIn,
    "missions": MissionIn,
    "resolutions": ResolutionIn,
    "mandates": MandateIn,
    "observations": ObservationIn,
    "events": EventIn,
}
