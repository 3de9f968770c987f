"""The shared query layer: one neutral description of a list request (``ListQuery``),
the resource declarations, and the ``Store`` that runs them. It imports neither
Starlette nor Strawberry; REST and GraphQL parse into it and render out of it."""

from api.query.fields import FieldDecl, FieldType, RelationFilter, SpecialFilter
from api.query.operators import OPERATORS, Operator, parse_value
from api.query.resources import RESOURCES, Resource, get_resource
from api.query.spec import DEFAULT_LIMIT, MAX_LIMIT, Condition, ListQuery, SortKey
from api.query.store import Page, Store
from api.query.validate import validate

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "OPERATORS",
    "RESOURCES",
    "Condition",
    "FieldDecl",
    "FieldType",
    "ListQuery",
    "Operator",
    "Page",
    "RelationFilter",
    "Resource",
    "SortKey",
    "SpecialFilter",
    "Store",
    "get_resource",
    "parse_value",
    "validate",
]
