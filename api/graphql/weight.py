"""What a GraphQL request weighs for the rate limiter: its cost (``limits.query_cost``,
the records it may return) in units of one default page (``DEFAULT_LIMIT`` records), at
least one. So ``{ missions { nodes { id } } }`` weighs as much as ``GET /v1/missions``,
and a query that may return 5,000 records weighs 100 requests.

Parsing is cached by query text; anything unparsable weighs one (GraphQL will refuse it).
"""

from __future__ import annotations

import functools
import math
from typing import Any
from urllib.parse import parse_qs

import orjson
from starlette.types import Scope

from api.graphql.limits import MAX_TOKENS, query_cost
from api.graphql.schema import schema
from api.query.spec import DEFAULT_LIMIT
from graphql import DocumentNode, GraphQLError, parse

__all__ = ["graphql_request_weight"]


@functools.lru_cache(maxsize=512)
def _document(query: str) -> DocumentNode | None:
    try:
        return parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return None


def _request_parts(scope: Scope, body: bytes) -> tuple[Any, Any, Any]:
    if scope["method"] == "GET":
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        variables: Any = None
        if "variables" in params:
            try:
                variables = orjson.loads(params["variables"][0])
            except orjson.JSONDecodeError:
                variables = None
        return params.get("query", [None])[0], variables, params.get("operationName", [None])[0]
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None, None, None
    if not isinstance(data, dict):
        return None, None, None
    return data.get("query"), data.get("variables"), data.get("operationName")


def graphql_request_weight(scope: Scope, body: bytes) -> int:
    query, variables, operation_name = _request_parts(scope, body)
    if not isinstance(query, str):
        return 1
    document = _document(query)
    if document is None:
        return 1
    try:
        cost = query_cost(
            schema._schema,
            document.definitions,
            operation_name if isinstance(operation_name, str) else None,
            variables if isinstance(variables, dict) else {},
        )
    except RecursionError:  # a fragment cycle: validation refuses it later
        return 1
    return max(1, math.ceil(cost / DEFAULT_LIMIT))
