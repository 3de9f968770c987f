"""Filter and sort inputs, generated from the resource declarations (never written per
resource), and their translation into the query layer's ``Condition`` and ``SortKey``.

- A filterable field (``FieldDecl.operators``) or relation filter becomes an operator
  input: ``adoptedOn: { gte: "2024-01-01" }``, ``action: { in: [EXTEND] }``. One input
  type per value type and operator set (``DateFilter``, ``MandateActionFilter``...).
- A special filter takes its value directly: ``inForceOn: "2024-06-01"``,
  ``abstainer: "china"``.
- Fields of one filter are ANDed, as REST parameters are; so are operators of one field.
- ``orderBy: [{ field: ADOPTED_ON, direction: DESC }]``, with the field enum generated
  from ``Resource.sortable``.
"""

from __future__ import annotations

import functools
from enum import Enum
from typing import Any

import strawberry

from api.errors import BadRequest, FieldProblem
from api.graphql.scalars import Date, SortDirection, graphql_enum, model_member
from api.query.fields import FieldDecl, FieldType, RelationFilter, SpecialFilter
from api.query.operators import OPERATORS, parse_text
from api.query.resources import RESOURCES, Resource
from api.query.spec import Condition, SortKey

__all__ = ["camel", "filter_input", "order_input", "to_conditions", "to_sort"]

Filterable = FieldDecl | RelationFilter | SpecialFilter

_SCALAR: dict[FieldType, tuple[Any, str]] = {
    FieldType.string: (str, "String"),
    FieldType.ref: (strawberry.ID, "ID"),
    FieldType.date: (Date, "Date"),
    FieldType.integer: (int, "Int"),
    FieldType.number: (float, "Float"),
    FieldType.boolean: (bool, "Boolean"),
}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _py(op: str) -> str:
    return op + "_" if op in ("in", "not") else op  # Python keywords


def value_type(decl: Filterable) -> tuple[Any, str]:
    """The GraphQL type of one value of a field, and its name."""
    if decl.enum is not None:
        enum = graphql_enum(decl.enum)
        return enum, enum.__name__
    return _SCALAR[decl.type]


def _richest() -> dict[str, tuple[str, ...]]:
    """For each value type, the largest operator set any declaration gives it: the input
    named plainly (``DateFilter``); smaller sets are named by their operators."""
    out: dict[str, tuple[str, ...]] = {}
    for resource in RESOURCES.values():
        for decl in resource.filterable.values():
            if isinstance(decl, SpecialFilter):
                continue
            name = value_type(decl)[1]
            if len(decl.operators) > len(out.get(name, ())):
                out[name] = decl.operators
    return out


@functools.cache
def _operator_input(type_name: str, ops: tuple[str, ...]) -> Any:
    decl_type = _VALUE_TYPES[type_name]
    suffix = "" if ops == _RICHEST[type_name] else "".join(op.title() for op in ops)
    name = f"{type_name}{suffix}Filter"
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for op in ops:
        operator = OPERATORS[op]
        if operator.takes_bool:
            annotation: Any = bool
        elif operator.takes_list:
            annotation = list[decl_type]  # type: ignore[valid-type]
        else:
            annotation = decl_type
        annotations[_py(op)] = annotation | None
        namespace[_py(op)] = strawberry.field(
            default=None, name=op, description=operator.description.replace(" (comma-separated)", "")
        )
    cls = type(name, (), namespace)
    return strawberry.input(
        cls, name=name, description=f"Operators on a field of type {type_name}; all those given must hold."
    )


_VALUE_TYPES: dict[str, Any] = {}
for _resource in RESOURCES.values():
    for _decl in _resource.filterable.values():
        _t, _n = value_type(_decl)
        _VALUE_TYPES[_n] = _t
_RICHEST = _richest()


@functools.cache
def filter_input(resource_name: str) -> Any:
    resource = RESOURCES[resource_name]
    name = f"{resource.singular.title()}Filter"
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for decl in resource.filterable.values():
        if isinstance(decl, SpecialFilter):
            annotation = value_type(decl)[0]
        else:
            annotation = _operator_input(value_type(decl)[1], decl.operators)
        annotations[decl.name] = annotation | None
        namespace[decl.name] = strawberry.field(default=None, description=decl.description or None)
    cls = type(name, (), namespace)
    return strawberry.input(
        cls,
        name=name,
        description=f"Filters on {resource.name}; all those "
        "given must hold (the same filters as the REST parameters).",
    )


@functools.cache
def sort_field_enum(resource_name: str) -> type[Enum]:
    resource = RESOURCES[resource_name]
    name = f"{resource.singular.title()}SortField"
    enum = Enum(name, {f.upper(): f for f in resource.sortable})  # type: ignore[misc]
    description = f"Fields {resource.name} can be sorted by."
    if resource.searchable:  # the score itself is REST's only: GraphQL orders by it
        description += " RELEVANCE (only with `q`): ASC puts the best match first, DESC the worst."
    return strawberry.enum(enum, description=description)


@functools.cache
def order_input(resource_name: str) -> Any:
    resource = RESOURCES[resource_name]
    name = f"{resource.singular.title()}Order"
    namespace: dict[str, Any] = {
        "__annotations__": {"field": sort_field_enum(resource_name), "direction": SortDirection},
        "direction": strawberry.field(default=SortDirection.ASC),
    }
    cls = type(name, (), namespace)
    return strawberry.input(
        cls,
        name=name,
        description="One sort key. The id breaks ties; a missing value sorts as if it were the largest.",
    )


def _value(decl: Filterable, value: Any, where: str) -> Any:
    if decl.enum is not None:
        return model_member(decl.enum, value)
    if decl.type in (FieldType.string, FieldType.ref):
        try:
            return parse_text(str(value))
        except ValueError as exc:
            raise BadRequest(f"{where}: {exc}", errors=[FieldProblem(where, str(exc))]) from None
    return value


def to_conditions(resource: Resource, given: Any) -> tuple[Condition, ...]:
    """The conditions of a filter input, in declaration order."""
    if given is None:
        return ()
    out: list[Condition] = []
    for decl in resource.filterable.values():
        value = getattr(given, decl.name)
        if value is None:
            continue
        where = f"filter.{camel(decl.name)}"
        if isinstance(decl, SpecialFilter):
            out.append(Condition(decl.name, "eq", _value(decl, value, where)))
            continue
        for op in decl.operators:
            arg = getattr(value, _py(op))
            if arg is None:
                continue
            operator = OPERATORS[op]
            if operator.takes_bool:
                typed: Any = bool(arg)
            elif operator.takes_list:
                typed = tuple(_value(decl, v, f"{where}.{op}") for v in arg)
            else:
                typed = _value(decl, arg, f"{where}.{op}")
            out.append(Condition(decl.name, op, typed))
    return tuple(out)


def to_sort(given: list[Any] | None) -> tuple[SortKey, ...]:
    if not given:
        return ()
    return tuple(SortKey(str(k.field.value), k.direction is SortDirection.DESC) for k in given)
