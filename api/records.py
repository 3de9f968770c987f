"""Input schemas of every kind of record: the one validation path of the seed loader (and
of the writes that build on it). Unknown fields are refused; every record cites sources.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field
from sqlmodel import SQLModel

from api.models import (
    ContributorBase,
    EventBase,
    MandateBase,
    MissionBase,
    ObservationBase,
    SourceBase,
)
from api.models.enums import ActorRole, Stance, VoteChoice

__all__ = [
    "RECORD_SCHEMAS",
    "ActorIn",
    "ContributorIn",
    "CouncilYearIn",
    "EventIn",
    "MandateIn",
    "MissionIn",
    "ObservationIn",
    "SourceIn",
    "VotesIn",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("must be a lower-case slug: letters, digits and '-'")
    return value


Slug = Annotated[str, Field(min_length=1, max_length=160), AfterValidator(_slug)]
Sources = Annotated[list[Slug], Field(min_length=1)]

_STRICT = ConfigDict(extra="forbid", use_enum_values=False)


class SourceIn(SourceBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug


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


class MandateIn(MandateBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug
    votes: VotesIn | None = None
    sources: Sources


class ObservationIn(ObservationBase):
    model_config = _STRICT  # type: ignore[assignment]
    id: Slug
    sources: Sources


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


class CouncilYearIn(SQLModel):
    """The fifteen members of the Security Council in one year."""

    model_config = _STRICT  # type: ignore[assignment]
    year: int = Field(ge=1946, le=2100)
    members: list[Slug] = Field(min_length=15, max_length=15)
    sources: Annotated[list[Slug], Field(min_length=1, max_length=1)]  # one list, one source


RECORD_SCHEMAS: dict[str, type[SQLModel]] = {
    "sources": SourceIn,
    "contributors": ContributorIn,
    "council": CouncilYearIn,
    "missions": MissionIn,
    "mandates": MandateIn,
    "observations": ObservationIn,
    "events": EventIn,
}
