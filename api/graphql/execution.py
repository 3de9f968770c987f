"""How the schema executes a query: graphql-core's executor, with one shortcut for the
fields that are most of every answer.

A page of 50 events asks for about 500 plain fields (``id``, ``date``, ``title``...): each
a scalar or enum read from the row's dict by Strawberry's default resolver, with no
arguments. graphql-core spends most of a page's time on them, building for each a resolve
info, a path and an awaitable check before it reads one dict entry and coerces it. For
such a field on a row (a ``dict``), this executor reads the value with the field's own
resolver and coerces it with the field's own type, as graphql-core's ``complete_leaf_value``
does; whenever anything is unusual (a null where the type forbids one, a value the type
refuses, a middleware) it hands the field to graphql-core, so errors are the same as
without the shortcut. ``tests/graphql/test_graphql_execution.py`` compares whole answers
with and without it.
"""

from __future__ import annotations

from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graphql import GraphQLNonNull, GraphQLObjectType, is_leaf_type
from graphql.pyutils import Undefined

__all__ = ["PlainFieldsExecutor", "plain_leaf"]

# (object type, field name) -> (resolver, leaf type, may be null) or None: not plain
_PLAIN: dict[tuple[GraphQLObjectType, str], tuple[Any, Any, bool] | None] = {}


def plain_leaf(parent_type: GraphQLObjectType, field_name: str) -> tuple[Any, Any, bool] | None:
    """The resolver, leaf type and nullability of a field that Strawberry resolves by its
    default resolver (no resolver of ours, no arguments) and whose type is a scalar or an
    enum; ``None`` for any other field."""
    key = (parent_type, field_name)
    if key in _PLAIN:
        return _PLAIN[key]
    found = None
    field = parent_type.fields.get(field_name)
    if field is not None and not field.args and getattr(field.resolve, "_is_default", False):
        kind = field.type
        nullable = not isinstance(kind, GraphQLNonNull)
        leaf = kind if nullable else kind.of_type
        if is_leaf_type(leaf):
            found = (field.resolve, leaf, nullable)
    _PLAIN[key] = found
    return found


class PlainFieldsExecutor(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        middleware = self.middleware_manager  # Strawberry passes one, empty without resolve hooks
        if type(source) is dict and (middleware is None or not middleware.middlewares):
            node = field_details_list[0].node
            plain = None if node.arguments else plain_leaf(parent_type, node.name.value)
            if plain is not None:
                resolve, leaf, nullable = plain
                value = resolve(source, None)
                if value is None:
                    if nullable:
                        return None
                else:
                    try:
                        coerced = leaf.coerce_output_value(value)
                    except Exception:  # graphql-core reports it, located
                        coerced = Undefined
                    if coerced is not Undefined and coerced is not None:
                        return coerced
        return super().execute_field(parent_type, source, field_details_list, path, position_context)
