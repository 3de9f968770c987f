"""The ASGI app served at ``/graphql``: queries over GET and POST, GraphiQL for a
browser, a fresh context (Store and DataLoaders) per request."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.graphql.context import Context
from api.graphql.schema import schema
from api.query.store import Store
from api.query.writes import Curator

__all__ = ["GraphQLApp", "make_graphql_app"]


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, store: Store) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.store = store
        self.curator = Curator(store)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        return Context(store=self.store, curator=self.curator, request=request, response=response)


def make_graphql_app(store: Store) -> Any:
    """The GraphQL ASGI app over ``store``."""
    return GraphQLApp(store)
