"""Reference checks shared by the seed loader and the curation writes: one validation
path. The caller says where ids live (sets read from files, or database lookups) and how
a failure is raised (a SeedError naming the file, or a 409 naming the field)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from api.curation.records import MandateIn, ResolutionIn
from api.models.enums import Body, VoteChoice

if TYPE_CHECKING:
    from api.curation.seed import SeedData

__all__ = ["Failure", "ResolutionFacts", "check_references", "ids_in", "resolution_facts"]

Failure = Callable[[str, str, str | None, str], Exception]
# A resolution's symbol and adoption date, by id: what a mandate that names it repeats.
ResolutionFacts = Mapping[str, tuple[str, dt.date]]


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
        "resolutions": {r.id for r in data.resolutions},
        "mandates": {r.id for r in data.mandates},
    }


def resolution_facts(data: SeedData) -> dict[str, tuple[str, dt.date]]:
    """The symbol and adoption date of each resolution a seed folder defines."""
    return {r.id: (r.symbol, r.adopted_on) for r in data.resolutions}


def check_references(
    data: SeedData,
    *,
    ids: Mapping[str, Container[str]],
    council: Mapping[int, AbstractSet[str]],
    resolutions: ResolutionFacts,
    fail: Failure,
    place: Callable[[str], str],
) -> None:
    """Every id a record names exists in ``ids`` (sets from files, or lookups in the
    database), per-member votes list exactly the Council of their year and match the
    tallies, and a mandate repeats its resolution's symbol and date (``resolutions``).
    ``fail(kind, record, field, message)`` builds the exception to raise."""
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
    for r in data.resolutions:
        refs.sources("resolutions", r.id, r.sources)
        for i, p in enumerate(r.penholders):
            refs.check("resolutions", r.id, f"penholders.{i}", p, "contributors")
        _check_votes(r, council, refs)
    for md in data.mandates:
        refs.sources("mandates", md.id, md.sources)
        refs.check("mandates", md.id, "mission", md.mission, "missions")
        _check_resolution(md, resolutions, refs)
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


def _check_resolution(md: MandateIn, resolutions: ResolutionFacts, refs: _Refs) -> None:
    """A Council mandate names its resolution, and repeats its symbol and date."""
    if md.resolution is None:
        if md.body == Body.un_security_council:
            raise refs.fail(
                "mandates", md.id, "resolution", "a Security Council mandate names its resolution"
            )
        return
    refs.check("mandates", md.id, "resolution", md.resolution, "resolutions")
    facts = resolutions.get(md.resolution)
    if facts is None:
        return
    symbol, adopted_on = facts
    if md.symbol != symbol:
        raise refs.fail("mandates", md.id, "symbol", f"is {md.symbol!r}, but its resolution's is {symbol!r}")
    if md.adopted_on != adopted_on:
        raise refs.fail(
            "mandates",
            md.id,
            "adopted_on",
            f"is {md.adopted_on}, but its resolution was adopted on {adopted_on}",
        )


def _check_votes(r: ResolutionIn, council: Mapping[int, AbstractSet[str]], refs: _Refs) -> None:
    if r.votes is None:
        return

    def fail(fld: str, message: str) -> Exception:
        return refs.fail("resolutions", r.id, fld, message)

    listed = [m for choice in VoteChoice for m in getattr(r.votes, choice.value)]
    for member in listed:
        refs.check("resolutions", r.id, "votes", member, "contributors")
    if len(set(listed)) != len(listed):
        raise fail("votes", "names a member more than once")
    year = r.adopted_on.year
    if year not in council:
        raise fail("votes", f"no Council membership is recorded for {year}, so votes cannot be checked")
    members = council[year]
    if set(listed) != members:
        missing = sorted(members - set(listed))
        extra = sorted(set(listed) - members)
        raise fail("votes", f"must list the {year} Council exactly; missing {missing}, not members {extra}")
    tally = {
        "votes_for": len(r.votes.yes),
        "votes_against": len(r.votes.no),
        "abstentions": len(r.votes.abstain),
        "non_voting": len(r.votes.absent),
    }
    for fld, n in tally.items():
        stated = getattr(r, fld)
        if stated is not None and stated != n:
            raise fail(fld, f"says {stated} but the per-member votes give {n}")
