"""How a resolution as the voting data file gives it meets the one stored
(``api.curation.importers.undl``): the file's record is followed, or only fills the gaps of a
curator's record, or disagrees with it and changes nothing.

- A record that only the dataset's files wrote **follows the file**: a newer file's
  values replace it, except a new adoption date where a mandate repeats the old one
  (the mandate would no longer agree with its resolution).
- A record a curator wrote keeps what it states. Where the file **contradicts** it
  (the date, the meeting, the modality, the tally, a member's vote), that is one line
  of the report, and nothing is written. Otherwise the file **fills** the fields the
  record leaves empty, and joins its sources.

Pure functions on records: no database, so the rules can be read in one place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from api.curation.records import ResolutionIn
from api.models.enums import ResolutionModality, VoteChoice

__all__ = ["TALLY", "Outcome", "filled", "followed"]

TALLY = ("votes_for", "votes_against", "abstentions", "non_voting")
# What the file can give a curator's record where it has nothing.
_FILLED = ("meeting", "draft", "agenda", "subjects", "modality", "undl_record", "votes", *TALLY)
# What a resolution states (its sources aside; votes are compared by member).
_CONTENT = ("symbol", "adopted_on", "meeting", "draft", "agenda", "subjects", "modality", *TALLY,
            "penholders", "undl_record")  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    record: ResolutionIn | None = None  # what to write; None: nothing
    disagreement: str | None = None  # the report's line, when the file contradicts ours


def followed(ours: ResolutionIn, theirs: ResolutionIn, *, mandated: bool) -> Outcome:
    """A record that only the dataset's files wrote: it becomes the file's ``theirs``.
    ``mandated``: a mandate names it (and repeats its adoption date)."""
    if _content(ours) == _content(theirs):
        return Outcome()
    if ours.adopted_on != theirs.adopted_on and mandated:
        why = f"adopted_on ours {ours.adopted_on}, the file's {theirs.adopted_on} (a mandate repeats ours)"
        return Outcome(disagreement=_line(ours, [why]))
    return Outcome(theirs)


def filled(ours: ResolutionIn, theirs: ResolutionIn, *, source: str) -> Outcome:
    """A curator's record: the file fills what it leaves empty and joins its sources,
    unless it contradicts what the record states."""
    differences = _disagreements(ours, theirs)
    if differences:
        return Outcome(disagreement=_line(ours, differences))
    update: dict[str, Any] = {
        name: getattr(theirs, name)
        for name in _FILLED
        if getattr(ours, name) in (None, []) and getattr(theirs, name) not in (None, [])
    }
    if not update:
        return Outcome()
    sources = ours.sources if source in ours.sources else [*ours.sources, source]
    return Outcome(ours.model_copy(update={**update, "sources": sources}))


def _line(ours: ResolutionIn, differences: list[str]) -> str:
    return f"{ours.symbol}: {'; '.join(differences)}; left as it is"


def _content(record: ResolutionIn) -> tuple[Any, ...]:
    votes = record.votes.by_member() if record.votes is not None else None
    return (*(getattr(record, name) for name in _CONTENT), votes)


def _disagreements(ours: ResolutionIn, theirs: ResolutionIn) -> list[str]:
    """Where the file contradicts what a curator's record states (its empty fields aside)."""
    out: list[str] = []
    if ours.adopted_on != theirs.adopted_on:
        out.append(f"adopted_on ours {ours.adopted_on}, the file's {theirs.adopted_on}")
    if ours.meeting is not None and theirs.meeting is not None and ours.meeting != theirs.meeting:
        out.append(f"meeting ours {ours.meeting}, the file's {theirs.meeting}")
    if ours.modality is not None and ours.modality != theirs.modality:
        out.append(f"modality ours {_value(ours.modality)}, the file's {_value(theirs.modality)}")
    stated = ours
    if ours.votes is not None and all(getattr(ours, n) is None for n in TALLY):
        counted = Counter(ours.votes.by_member().values())  # our votes state a tally too
        stated = ours.model_copy(update={n: counted[c] for n, c in zip(TALLY, VoteChoice, strict=True)})
    if any(getattr(stated, n) is not None and getattr(stated, n) != getattr(theirs, n) for n in TALLY):
        out.append(f"tally ours {_tally(stated)}, the file's {_tally(theirs)} (for-against-abstain-absent)")
    if ours.votes is not None and theirs.votes is not None:
        mine, file = ours.votes.by_member(), theirs.votes.by_member()
        changed = [
            f"{member} ours {_choice(mine.get(member))}, the file's {_choice(file.get(member))}"
            for member in sorted(set(mine) | set(file))
            if mine.get(member) != file.get(member)
        ]
        if changed:
            out.append("votes " + ", ".join(changed))
    return out


def _tally(record: ResolutionIn) -> str:
    if record.modality == ResolutionModality.without_vote and record.votes_for is None:
        return "adopted without a vote"
    return "-".join("?" if getattr(record, n) is None else str(getattr(record, n)) for n in TALLY)


def _value(modality: ResolutionModality | None) -> str:
    return "none" if modality is None else modality.value


def _choice(vote: VoteChoice | None) -> str:
    return "none" if vote is None else vote.value
