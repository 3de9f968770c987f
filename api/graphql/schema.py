"""The schema: the generated Query type, the ``Date`` scalar, the limits; and
``schema_sdl()``, the contract committed as schema/schema.graphql."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.schema.config import StrawberryConfig

from api.graphql.execution import PlainFieldsExecutor
from api.graphql.limits import EXTENSIONS, PeaceopsSchema
from api.graphql.scalars import DATE_SCALAR, QUANTITY_SCALAR, Date, Quantity
from api.graphql.types import Mutation, Query

__all__ = ["schema", "schema_sdl"]


def _default_resolver(source: Any, name: str) -> Any:
    """Rows are the Store's dicts; everything else is an object."""
    return source[name] if type(source) is dict else getattr(source, name)


schema: strawberry.Schema = PeaceopsSchema(
    query=Query,
    mutation=Mutation,
    extensions=EXTENSIONS,
    execution_context_class=PlainFieldsExecutor,
    config=StrawberryConfig(
        default_resolver=_default_resolver, scalar_map={Date: DATE_SCALAR, Quantity: QUANTITY_SCALAR}
    ),
)


def schema_sdl() -> str:
    """The schema in SDL, as committed in schema/schema.graphql."""
    return schema.as_str() + "\n"
