"""The words the research answers are declared in (``api.research.types``), and how the
contract generators and the faces read them.

A field's Python type says what it is on the wire; these aliases say what a bare ``str``,
``float`` or ``dict`` cannot:

- ``Day``: an ISO date (GraphQL ``Date``, JSON Schema ``format: date``);
- ``Quantity``: a figure, written as people write it (``api.query.numbers``; GraphQL
  ``Quantity``); an answer with a ``unit`` has its figures typed by the unit in JSON
  Schema (integers for persons);
- ``Count``: a number of records (never negative);
- ``RecordId``: the id of a record (GraphQL ``ID``, named ``missionId``, ``observationIds``,
  as the record types name their references);
- ``MandateRecord``, ``ObservationRecord``, ``SourceRecord``: a whole record, as the
  record's own type in each contract;
- ``MetricValue``, ``UnitValue``, ...: the value of a model enum, as the rows hold it
  (that enum in each contract).

A ``Literal`` is a string of those values (an enum in JSON Schema, a string in GraphQL);
an answer is declared with ``answer`` (a frozen dataclass), a field's description with
``doc``, a type's in its docstring.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from api.models.enums import Confidence, Metric, MissionStatus, Unit
from api.query.store import Row

__all__ = [
    "ConfidenceValue",
    "Count",
    "Day",
    "FieldShape",
    "Kind",
    "MandateRecord",
    "MetricValue",
    "ObservationRecord",
    "Quantity",
    "Record",
    "RecordId",
    "SourceRecord",
    "StatusValue",
    "UnitValue",
    "answer",
    "description",
    "doc",
    "shapes",
    "wire",
]


class Kind(enum.Enum):
    """What a plain ``str``, ``float`` or ``int`` stands for."""

    DAY = "day"
    QUANTITY = "quantity"
    COUNT = "count"
    RECORD_ID = "record_id"


@dataclass(frozen=True)
class Record:
    """A whole record of ``resource``, as the Store gives it."""

    resource: str


Day = Annotated[str, Kind.DAY]
Quantity = Annotated[float, Kind.QUANTITY]
Count = Annotated[int, Kind.COUNT]
RecordId = Annotated[str, Kind.RECORD_ID]
MandateRecord = Annotated[Row, Record("mandates")]
ObservationRecord = Annotated[Row, Record("observations")]
SourceRecord = Annotated[Row, Record("sources")]
MetricValue = Annotated[str, Metric]
UnitValue = Annotated[str, Unit]
StatusValue = Annotated[str, MissionStatus]
ConfidenceValue = Annotated[str, Confidence]


def doc(text: str) -> Any:
    """A field with a description: ``as_of: Day = doc("The date of ...")``."""
    return dataclasses.field(metadata={"description": text})


@typing.dataclass_transform(frozen_default=True, field_specifiers=(doc,))
def answer(*description: str) -> Any:
    """Declares an answer: a frozen dataclass; ``description``, when given, replaces its
    docstring (for texts defined elsewhere, such as the rules)."""

    def declare(cls: type) -> type:
        if description:
            cls.__doc__ = " ".join(description)
        return dataclass(frozen=True)(cls)

    return declare


def description(cls: type) -> str:
    """A type's description: its docstring on one line."""
    return " ".join((cls.__doc__ or "").split())


@dataclass(frozen=True)
class FieldShape:
    """One field of an answer, as a contract generator reads it: ``base`` is the type with
    its list, null and ``Annotated`` wrappers taken off (``str``, ``float``, an answer's
    dataclass, ``Literal[...]``, ``dict``); ``mark`` what the alias said (a ``Kind``, a
    ``Record`` or a model enum); ``many`` a list of them; ``nullable`` may be null."""

    name: str
    description: str | None
    base: Any
    mark: Kind | Record | type[enum.Enum] | None
    many: bool
    nullable: bool

    @property
    def model_enum(self) -> type[enum.Enum] | None:
        """The model enum whose values the field holds."""
        mark = self.mark
        return mark if isinstance(mark, type) and issubclass(mark, enum.Enum) else None

    @property
    def literals(self) -> tuple[Any, ...]:
        """The values of a ``Literal`` base (none otherwise)."""
        return typing.get_args(self.base) if typing.get_origin(self.base) is Literal else ()


def _shape(name: str, description: str | None, tp: Any) -> FieldShape:
    nullable = many = False
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        nullable, tp = True, args[0]
    if typing.get_origin(tp) is list:
        many, tp = True, typing.get_args(tp)[0]
    mark = None
    if typing.get_origin(tp) is Annotated:
        tp, mark = tp.__origin__, tp.__metadata__[0]
    if typing.get_origin(tp) is dict:
        tp = dict
    return FieldShape(name, description, tp, mark, many, nullable)


@functools.cache
def shapes(cls: type) -> tuple[FieldShape, ...]:
    """The fields of answer ``cls``, in declaration order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(
        _shape(f.name, f.metadata.get("description"), hints[f.name]) for f in dataclasses.fields(cls)
    )


@functools.cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def wire(answer: object) -> Row:
    """An answer as the faces take it: each dataclass a dict of its fields, in declaration
    order (the order of the contracts); records and other values as they are (not
    copied)."""
    out: Row = _wire(answer)
    return out


def _wire(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _wire(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value
