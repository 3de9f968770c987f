"""Limits and error policy, as schema extensions created per request.

- Depth, aliases and tokens: Strawberry's limiters. Their rules are built once here and
  reused: each ``QueryDepthLimiter(...)`` builds a new rule class, which would give
  ``ValidationCache`` a new key on every request and so never hit.
- Cost (``CostLimiter``): the records a query can return at most; a connection counts
  ``first`` (50 by default, at most 500) per parent, a plain list (sources, votes,
  actors, penholders) ``LIST_ESTIMATE`` per parent, a single record one, and each level
  multiplies by the level above. Checked after validation, with the request's variables.
- Errors: a query-layer ``BadRequest`` becomes a GraphQL error with its message and
  ``extensions: {code: BAD_USER_INPUT, errors: [...]}``; validation and limit errors are
  shown as they are; anything else is masked ("Unexpected error.", code
  ``INTERNAL_SERVER_ERROR``) and logged with its traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
    max_aliases,
    query_depth_limiter,
)
from strawberry.types import ExecutionContext

from api.errors import PeaceopsError
from api.graphql.outcome import OperationOutcome
from api.graphql.warnings import Warnings
from api.query.spec import DEFAULT_LIMIT, MAX_LIMIT
from api.service.metrics import GRAPHQL_COST
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

__all__ = [
    "EXTENSIONS",
    "LIST_ESTIMATE",
    "MAX_ALIASES",
    "MAX_COST",
    "MAX_DEPTH",
    "MAX_TOKENS",
    "PeaceopsSchema",
    "query_cost",
]

logger = logging.getLogger("api.graphql")

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000
MAX_COST = 50_000
LIST_ESTIMATE = 10

_DEPTH_RULE = query_depth_limiter.create_validator(MAX_DEPTH, None, None)
_ALIAS_RULE = max_aliases.create_validator(MAX_ALIASES)


class DepthLimiter(QueryDepthLimiter):
    """Queries nest at most ``MAX_DEPTH`` levels."""

    def __init__(self) -> None:
        AddValidationRules.__init__(self, [_DEPTH_RULE])


class AliasLimiter(MaxAliasesLimiter):
    def __init__(self) -> None:
        AddValidationRules.__init__(self, [_ALIAS_RULE])


class TokenLimiter(MaxTokensLimiter):
    def __init__(self) -> None:
        super().__init__(max_token_count=MAX_TOKENS)


def _unexpected(error: GraphQLError) -> bool:
    """An error raised in a resolver (it has a path) by something other than the query
    layer's checks. Parse, validation and variable errors (no path) are the client's,
    even when a scalar's parser raised them."""
    original = error.original_error
    return (
        error.path is not None
        and original is not None
        and not isinstance(original, (PeaceopsError, GraphQLError))
    )


def should_mask_error(error: GraphQLError) -> bool:
    return _unexpected(error)


class ErrorMasker(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


class ErrorCodes(SchemaExtension):
    """Labels query-layer errors for clients (before MaskErrors sees the result)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            original = error.original_error
            if isinstance(original, PeaceopsError):
                error.extensions = error_extensions(original)


_AUTH_CODES = {401: "UNAUTHENTICATED", 403: "FORBIDDEN"}


def error_extensions(error: PeaceopsError) -> dict[str, object]:
    """``code`` in the usual GraphQL vocabulary (BAD_USER_INPUT for anything the client
    sent wrong, UNAUTHENTICATED, FORBIDDEN), plus the HTTP ``status`` and the ``reason``
    REST would give (``precondition-failed``, ``conflict``, ...), and field problems."""
    server_side = error.slug.upper().replace("-", "_")  # UNAVAILABLE, TIMEOUT
    code = _AUTH_CODES.get(error.status) or ("BAD_USER_INPUT" if error.status < 500 else server_side)
    return {
        "code": code,
        "status": error.status,
        "reason": error.slug,
        "errors": [p.as_dict() for p in error.errors],
    }


class CostLimiter(SchemaExtension):
    """Refuses a query that can return more than ``MAX_COST`` records (see the module)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors == [] and context.graphql_document is not None:
            cost = query_cost(
                context.schema._schema,
                context.graphql_document.definitions,
                context.operation_name,
                context.variables or {},
            )
            GRAPHQL_COST.observe(cost)
            if cost > MAX_COST:
                context.pre_execution_errors = [
                    GraphQLError(
                        f"Query cost {cost} exceeds the limit of {MAX_COST}: the records a query "
                        f"may return are counted, each connection at its `first` (default "
                        f"{DEFAULT_LIMIT}) per parent; ask for smaller pages or fewer levels.",
                        extensions={"code": "QUERY_TOO_EXPENSIVE", "cost": cost, "limit": MAX_COST},
                    )
                ]
        yield


def query_cost(
    schema: GraphQLSchema, definitions: Sequence[Any], operation_name: str | None, variables: dict[str, Any]
) -> int:
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        (
            o
            for o in operations
            if operation_name is None or (o.name is not None and o.name.value == operation_name)
        ),
        None,
    )
    if operation is None or schema.query_type is None:
        return 0
    defaults: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        if isinstance(definition.default_value, IntValueNode):
            defaults[definition.variable.name.value] = int(definition.default_value.value)
    values = {**defaults, **variables}
    return _cost(schema.query_type, operation.selection_set, 1, fragments, values)


def _first(node: FieldNode, values: dict[str, Any]) -> int:
    for arg in node.arguments or ():
        if arg.name.value != "first":
            continue
        if isinstance(arg.value, IntValueNode):
            return max(0, min(int(arg.value.value), MAX_LIMIT))
        if isinstance(arg.value, VariableNode):
            value = values.get(arg.value.name.value)
            return max(0, min(value, MAX_LIMIT)) if isinstance(value, int) else MAX_LIMIT
    return DEFAULT_LIMIT


def _cost(
    parent: GraphQLNamedType,
    selection_set: SelectionSetNode | None,
    multiplier: int,
    fragments: dict[str, FragmentDefinitionNode],
    values: dict[str, Any],
) -> int:
    if selection_set is None or not isinstance(parent, GraphQLObjectType):
        return 0
    in_connection = parent.name.endswith("Connection")
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                total += _cost(parent, fragment.selection_set, multiplier, fragments, values)
            continue
        if isinstance(selection, InlineFragmentNode):
            total += _cost(parent, selection.selection_set, multiplier, fragments, values)
            continue
        assert isinstance(selection, FieldNode)
        definition = parent.fields.get(selection.name.value)
        if definition is None or selection.selection_set is None:
            continue
        named = get_named_type(definition.type)
        field_type = (
            definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else definition.type
        )
        if in_connection:  # edges, nodes, pageInfo: the connection already counted them
            total += _cost(named, selection.selection_set, multiplier, fragments, values)
            continue
        if named.name.endswith("Connection"):
            size = _first(selection, values)
        elif isinstance(field_type, GraphQLList):
            size = LIST_ESTIMATE
        else:
            size = 1
        count = multiplier * size
        total += count + _cost(named, selection.selection_set, count, fragments, values)
    return total


class PeaceopsSchema(strawberry.Schema):
    """Logs only unexpected errors (with their traceback): client errors are answers."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if _unexpected(error):
                logger.error(
                    "unexpected error in a GraphQL resolver: %s", error, exc_info=error.original_error
                )


# Order matters: caches first; OperationOutcome last, so that it sees errors unmasked;
# CostLimiter after ValidationCache (it reads the validation result); ErrorCodes after
# ErrorMasker, so that it labels errors before they are masked.
EXTENSIONS: list[Callable[[], SchemaExtension]] = [
    TokenLimiter,
    DepthLimiter,
    AliasLimiter,
    ParserCache,
    ValidationCache,
    CostLimiter,
    ErrorMasker,
    ErrorCodes,
    OperationOutcome,
    Warnings,
]
