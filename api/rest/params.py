"""Parses REST query strings into the query layer's ListQuery, from the declarations.

``field=value`` is ``eq``; ``field__op=value`` names an operator (split with
``rsplit("__", 1)``). A list parameter (``field__in``, ``field__not``, ``sort``,
``fields``, ``expand``) takes its values either comma-separated (``mission__in=a,b``) or
as repeated keys (``mission__in=a&mission__in=b``, what generated clients send: OpenAPI's
``form`` style with ``explode: true``), or both at once; any other parameter given twice
is refused. Anything not declared is refused with the allowed names.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from api.errors import BadRequest, FieldProblem
from api.query import (
    DEFAULT_LIMIT,
    OPERATORS,
    Condition,
    FieldType,
    ListQuery,
    Resource,
    SortKey,
    parse_value,
)
from api.query.operators import parse_bool, parse_date, parse_text

__all__ = ["FORMATS", "LIST_PARAMS", "ListRequest", "gather", "parse_get", "parse_list", "takes_list"]

FORMATS = ("json", "csv", "ndjson")
LIST_PARAMS = ("sort", "limit", "cursor", "q", "fields", "expand", "as_of", "format")
GET_PARAMS = ("fields", "expand")


@dataclass(frozen=True)
class ListRequest:
    query: ListQuery
    format: str | None  # None: decided by the Accept header
    limit_given: bool


LIST_VALUED = ("sort", "fields", "expand")


def gather(items: list[tuple[str, str]], repeatable: Callable[[str], bool]) -> dict[str, str]:
    """The parameters by name. A list parameter's repeats are joined with commas
    (``a&a`` reads as ``a,a``; an empty repeat makes an empty item, refused by the list's
    own check); any other parameter given twice is a 400."""
    out: dict[str, str] = {}
    for key, value in items:
        if key in out:
            if not repeatable(key):
                raise BadRequest.field(
                    key, "is given more than once; only a list parameter (field__in, sort, ...) repeats"
                )
            out[key] += "," + value
        else:
            out[key] = value
    return out


def takes_list(key: str) -> bool:
    """Whether a list request's parameter takes a list: ``sort``, ``fields``, ``expand``
    and every filter whose operator does (``__in``, ``__not``)."""
    if key in LIST_VALUED:
        return True
    op = key.rpartition("__")[2] if "__" in key else ""
    operator = OPERATORS.get(op)
    return operator is not None and operator.takes_list


def _get_list(key: str) -> bool:
    return key in GET_PARAMS


def _csv(raw: str) -> tuple[str, ...]:
    """Comma-separated values, taken as they are (a tab or a control character is a value,
    as the contract's ``minLength: 1`` items say); any empty item makes the list invalid."""
    parts = tuple(raw.split(","))
    return parts if all(parts) else ()


def _list_param(params: dict[str, str], key: str) -> tuple[str, ...] | None:
    """A comma-separated list parameter; given but empty is an error, not "all"."""
    if key not in params:
        return None
    values = _csv(params[key])
    if not values:
        raise BadRequest.field(key, "needs one or more non-empty values, separated by commas")
    return values


def parse_list(
    resource: Resource,
    items: list[tuple[str, str]],
    *,
    scope: tuple[Condition, ...] = (),
    scoped_field: str | None = None,
) -> ListRequest:
    params = gather(items, takes_list)
    problems: list[FieldProblem] = []
    conditions: list[Condition] = []
    filterable = resource.filterable
    for key, raw in params.items():
        if key in LIST_PARAMS:
            continue
        name, _, op = key.rpartition("__") if "__" in key else (key, "", "eq")
        decl = filterable.get(name)
        if decl is None or name == scoped_field:
            allowed = _allowed_parameter_names(resource, exclude=scoped_field)
            problems.append(FieldProblem(key, "is not a parameter of this operation", allowed))
            continue
        if op not in decl.operators:
            problems.append(
                FieldProblem(
                    key,
                    f"operator {op!r} is not allowed on {name}",
                    tuple(f"{name}__{o}" if o != "eq" else name for o in decl.operators),
                )
            )
            continue
        try:
            conditions.append(Condition(name, op, _typed(decl, op, raw)))
        except ValueError as exc:
            problems.append(FieldProblem(key, str(exc), _enum_values(decl)))
    if problems:
        raise BadRequest("; ".join(f"{p.field}: {p.message}" for p in problems), errors=problems)
    fmt = params.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise BadRequest.field("format", f"{fmt!r} is not a format", FORMATS)
    query = ListQuery(
        resource=resource.name,
        conditions=tuple(conditions),
        sort=_sort(_list_param(params, "sort")),
        limit=_limit(params.get("limit"), resource.max_limit),
        cursor=_nonempty(params, "cursor"),
        q=_q(params.get("q")),
        as_of=_date_param(params, "as_of"),
        fields=_fields(resource, params),
        expand=_list_param(params, "expand") or (),
        scope=scope,
    )
    return ListRequest(query=query, format=fmt, limit_given="limit" in params)


def parse_get(
    resource: Resource, items: list[tuple[str, str]]
) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    params = gather(items, _get_list)
    for key in params:
        if key not in GET_PARAMS:
            raise BadRequest.field(key, "is not a parameter of this operation", GET_PARAMS)
    return _fields(resource, params), _list_param(params, "expand") or ()


def _fields(resource: Resource, params: dict[str, str]) -> tuple[str, ...] | None:
    """The sparse fieldset, always with the record key first, each field once."""
    fields = _list_param(params, "fields")
    if fields is None:
        return None
    return tuple(dict.fromkeys((*resource.key, *fields)))


def _typed(decl: Any, op: str, raw: str) -> Any:
    operator = OPERATORS[op]
    if operator.takes_bool:
        return parse_bool(raw)
    if operator.takes_list:
        values = _csv(raw)
        if not values:
            raise ValueError("needs one or more non-empty values, separated by commas")
        return tuple(parse_value(decl.type, v, decl.enum) for v in values)
    return parse_value(decl.type, raw, decl.enum)


def _enum_values(decl: Any) -> tuple[str, ...] | None:
    if decl.type is FieldType.enum and decl.enum is not None:
        return tuple(m.value for m in decl.enum)
    return None


def _sort(parts: tuple[str, ...] | None) -> tuple[SortKey, ...]:
    keys = []
    for part in parts or ():
        descending = part.startswith("-")
        name = part[1:] if descending else part
        keys.append(SortKey(name, descending))
    return tuple(keys)


def _limit(raw: str | None, maximum: int) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = parse_value(FieldType.integer, raw)
    except ValueError as exc:
        raise BadRequest.field("limit", str(exc)) from None
    if not 1 <= value <= maximum:
        raise BadRequest.field("limit", f"must be between 1 and {maximum}")
    return int(value)


def _q(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return parse_text(raw)
    except ValueError as exc:
        raise BadRequest.field("q", str(exc)) from None


def _nonempty(params: dict[str, str], key: str) -> str | None:
    raw = params.get(key)
    if raw is None:
        return None
    if not raw:
        raise BadRequest.field(key, "must not be empty")
    return raw


def _date_param(params: dict[str, str], key: str) -> Any:
    raw = params.get(key)
    if raw is None:
        return None
    try:
        return parse_date(raw)
    except ValueError as exc:
        raise BadRequest.field(key, str(exc)) from None


def parse_timestamp(name: str, raw: str) -> dt.datetime:
    """An ISO 8601 date-time; without a zone it is taken as UTC."""
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest.field(name, f"{raw!r} is not a date-time (e.g. 2025-01-31T12:00:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@functools.cache
def _allowed_parameter_names(resource: Resource, exclude: str | None) -> tuple[str, ...]:
    names: list[str] = list(LIST_PARAMS)
    if resource.groupable:
        names.append("group_by")
    for name, decl in resource.filterable.items():
        if name == exclude:
            continue
        names.extend(name if op == "eq" else f"{name}__{op}" for op in decl.operators)
    return tuple(names)


def filter_parameters(resource: Resource, exclude: str | None = None) -> Iterable[tuple[str, Any, str]]:
    """(parameter name, declaration, operator) for every filter parameter: the OpenAPI
    generator walks the same list the parser accepts."""
    for name, decl in resource.filterable.items():
        if name == exclude:
            continue
        for op in decl.operators:
            yield (name if op == "eq" else f"{name}__{op}"), decl, op
