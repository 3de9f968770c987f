"""Parameters of the research operations (snapshot, series, contributions, feeds...):
a few named options each, parsed and refused the same way as list parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from api.errors import BadRequest, FieldProblem
from api.query.operators import parse_date, parse_text

__all__ = ["Option", "choice", "date_option", "enum_option", "parse_options", "text_option"]


@dataclass(frozen=True)
class Option:
    name: str
    parse: Callable[[str], Any]
    allowed: tuple[str, ...] | None = None
    required: bool = False
    repeats: bool = False  # a list: the key may be given again (each value parsed)


def date_option(name: str, *, required: bool = False) -> Option:
    return Option(name, parse_date, required=required)


def text_option(name: str, *, required: bool = False, repeats: bool = False) -> Option:
    return Option(name, parse_text, required=required, repeats=repeats)


def enum_option(name: str, enum: type[Enum], *, required: bool = False) -> Option:
    def parse(raw: str) -> Enum:
        try:
            return enum(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not one of the allowed values") from None

    return Option(name, parse, tuple(m.value for m in enum), required)


def choice(name: str, values: Sequence[str], *, required: bool = False) -> Option:
    def parse(raw: str) -> str:
        if raw not in values:
            raise ValueError(f"{raw!r} is not one of the allowed values")
        return raw

    return Option(name, parse, tuple(values), required)


def parse_options(items: list[tuple[str, str]], options: Sequence[Option]) -> dict[str, Any]:
    """``{name: typed value}`` for the options given (a repeating one's last value); a 400
    naming the allowed names and values for anything unknown, repeated (but a list),
    missing or malformed."""
    by_name = {o.name: o for o in options}
    problems: list[FieldProblem] = []
    out: dict[str, Any] = {}
    seen: set[str] = set()
    for key, raw in items:
        option = by_name.get(key)
        if option is None:
            problems.append(FieldProblem(key, "is not a parameter of this operation", tuple(by_name)))
        elif key in seen and not option.repeats:
            problems.append(FieldProblem(key, "is given more than once"))
        else:
            try:
                out[key] = option.parse(raw)
            except ValueError as exc:
                problems.append(FieldProblem(key, str(exc), option.allowed))
        seen.add(key)
    for option in options:
        if option.required and option.name not in seen:
            problems.append(FieldProblem(option.name, "is required", option.allowed))
    if problems:
        raise BadRequest("; ".join(f"{p.field}: {p.message}" for p in problems), errors=problems)
    return out
