"""Reference checks shared by the seed loader and the curation writes: one validation
path. The caller says where ids live (sets read from files, or database lookups) and how
a failure is raised (a SeedError naming the file, or a 409 naming the field)."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from api.models.enums import VoteChoice
from api.records import MandateIn

if TYPE_CHECKING:
    from api.seed import SeedData

__all__ = ["Failure", "check_references", "ids_in"]

Failure = Callable[[str, str, str | None, str], Exception]


class _Refs:
    """Checks that the ids a record names exist."""

    def __init__(self, ids: Mapping[str, Container[str]], fail: Failure, place: Callable[[str], str]) -> None:
        self.ids = ids
        self.fail = fail
        self.place = place

    def check(self, file: str, record: str, fld: str, value: str | None, kind: str) -> None:
        if value is not None and value not in self.ids[kind]:
            raise self.fail(file, record, fld, f"refers to {value!r}, which is not in {self.place(kind)}")

    def sources(self, file: str, record: str, sources: list[str]) -> None:
        for i, source in enumerate(sources):
            self.check(file, record, f"sources.{i}", source, "sources")


def ids_in(data: SeedData) -> dict[str, set[str]]:
    """The ids a seed folder defines, by kind."""
    return {
        "sources": {r.id for r in data.sources},
        "contributors": {r.id for r in data.contributors},
        "missions": {r.id for r in data.missions},
        "mandates": {r.id for r in data.mandates},
    }


def check_references(
    data: SeedData,
    *,
    ids: Mapping[str, Container[str]],
    council: Mapping[int, AbstractSet[str]],
    fail: Failure,
    place: Callable[[str], str],
) -> None:
    """Every id a record names exists in ``ids`` (sets from files, or lookups in the
    database), and per-member votes list exactly the Council of their year and match the
    tallies. ``fail(kind, record, field, message)`` builds the exception to raise."""
    refs = _Refs(ids, fail, place)
    for c in data.contributors:
        refs.sources("contributors", c.id, c.sources)
    for year in data.council:
        label = str(year.year)
        refs.sources("council", label, year.sources)
        for i, member in enumerate(year.members):
            refs.check("council", label, f"members.{i}", member, "contributors")
    for m in data.missions:
        refs.sources("missions", m.id, m.sources)
        refs.check("missions", m.id, "lead", m.lead, "contributors")
        refs.check("missions", m.id, "predecessor", m.predecessor, "missions")
        refs.check("missions", m.id, "successor", m.successor, "missions")
    for md in data.mandates:
        refs.sources("mandates", md.id, md.sources)
        refs.check("mandates", md.id, "mission", md.mission, "missions")
        for i, p in enumerate(md.penholders):
            refs.check("mandates", md.id, f"penholders.{i}", p, "contributors")
        _check_votes(md, council, refs)
    for o in data.observations:
        refs.sources("observations", o.id, o.sources)
        refs.check("observations", o.id, "mission", o.mission, "missions")
        refs.check("observations", o.id, "contributor", o.contributor, "contributors")
    for e in data.events:
        refs.sources("events", e.id, e.sources)
        refs.check("events", e.id, "mission", e.mission, "missions")
        refs.check("events", e.id, "mandate", e.mandate, "mandates")
        for i, actor in enumerate(e.actors):
            refs.check("events", e.id, f"actors.{i}.contributor", actor.contributor, "contributors")


def _check_votes(md: MandateIn, council: Mapping[int, AbstractSet[str]], refs: _Refs) -> None:
    if md.votes is None:
        return

    def fail(fld: str, message: str) -> Exception:
        return refs.fail("mandates", md.id, fld, message)

    listed = [m for choice in VoteChoice for m in getattr(md.votes, choice.value)]
    for member in listed:
        refs.check("mandates", md.id, "votes", member, "contributors")
    if len(set(listed)) != len(listed):
        raise fail("votes", "names a member more than once")
    year = md.adopted_on.year
    if year not in council:
        raise fail("votes", f"no Council membership is recorded for {year}, so votes cannot be checked")
    members = council[year]
    if set(listed) != members:
        missing = sorted(members - set(listed))
        extra = sorted(set(listed) - members)
        raise fail("votes", f"must list the {year} Council exactly; missing {missing}, not members {extra}")
    tally = {
        "votes_for": len(md.votes.yes),
        "votes_against": len(md.votes.no),
        "abstentions": len(md.votes.abstain),
    }
    for fld, n in tally.items():
        stated = getattr(md, fld)
        if stated is not None and stated != n:
            raise fail(fld, f"says {stated} but the per-member votes give {n}")
