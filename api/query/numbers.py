"""Numbers as researchers write them: 400 persons, not 400.0.

Observation values are stored as REAL (double precision), so a driver hands back every
figure as a float, and JSON and CSV writers print a float with a decimal part. People
write a whole number without one: a count of persons or aircraft is always whole (the
records refuse a fraction of a person, ``api.curation.records``), and a sum of money is whole
unless it has cents. So every figure goes out in its shortest exact form: a whole value
as an integer, any other value as the float it is (money keeps its cents). One rule for
every unit, so a sparse row without its unit (``fields=value``) is written alike.

A double holds every integer up to 2**53 exactly; past that a "whole" double is only
the nearest representable value, and it stays a float.
"""

from __future__ import annotations

from typing import Any

from api.models.enums import Unit

__all__ = ["AS_WRITTEN", "COUNT_UNITS", "EXACT_LIMIT", "as_written", "count_rule", "is_count"]

COUNT_UNITS = frozenset({Unit.persons.value, Unit.aircraft.value})
EXACT_LIMIT = 2**53  # a double holds every integer up to here exactly
AS_WRITTEN = (
    "A whole number is written without a decimal part (every count of persons or aircraft is "
    "one); money keeps its cents."
)


def as_written(value: Any) -> Any:
    """``value`` as a person writes it: a whole float as an int; anything else unchanged."""
    if type(value) is float and value.is_integer() and -EXACT_LIMIT <= value <= EXACT_LIMIT:
        return int(value)
    return value


def is_count(unit: str) -> bool:
    """Whether a unit counts things (persons, aircraft): its values are whole numbers."""
    return str(unit) in COUNT_UNITS


def count_rule(*names: str) -> dict[str, Any]:
    """How an object's figures are typed by its ``unit``, as JSON Schema's ``if``/``then``:
    integers when the unit counts things (persons, aircraft), numbers otherwise; a count
    is exact, so within 2**53 (a double's exact integers). The contract's read schemas and
    the write bodies (``api.curation.bodies``) say it alike."""
    whole = {"type": ["integer", "null"], "minimum": -EXACT_LIMIT, "maximum": EXACT_LIMIT}
    return {
        "if": {"properties": {"unit": {"enum": sorted(COUNT_UNITS)}}, "required": ["unit"]},
        # additionalProperties: true changes nothing in JSON Schema (a branch constrains
        # only what it names); stated, it keeps linters that check examples as if every
        # subschema were closed (Redocly's default) from refusing the other properties.
        "then": {"properties": {n: dict(whole) for n in names}, "additionalProperties": True},
    }
