"""Which GraphQL answers the response cache (``api.service.response_cache``) may keep:
those of queries, never of mutations, and only answers without errors (an error may be
the moment's: a statement cut by its time limit)."""

from __future__ import annotations

import orjson

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse

__all__ = ["cacheable_answer"]


def cacheable_answer(request_body: bytes, response_body: bytes) -> bool:
    """``request_body``: a POST's JSON (empty for GET, which serves queries only)."""
    if b'"errors":' in response_body:  # a key: inside a JSON string the quotes are escaped
        return False
    if not request_body:
        return True
    try:
        payload = orjson.loads(request_body)
    except orjson.JSONDecodeError:
        return False
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return False
    try:
        document = parse(payload["query"])
    except GraphQLError:
        return False
    name = payload.get("operationName")
    chosen = [
        node
        for node in document.definitions
        if isinstance(node, OperationDefinitionNode) and (not name or (node.name and node.name.value == name))
    ]
    return bool(chosen) and all(node.operation == OperationType.QUERY for node in chosen)
