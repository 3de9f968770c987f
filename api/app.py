"""create_app(settings) -> Starlette: mounts /v1 and /graphql over one Store."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Mount, Route

from api.db import create_engine
from api.graphql.app import make_graphql_app
from api.query import Store
from api.query.writes import Curator
from api.rest.docs import docs_page
from api.rest.openapi import openapi_endpoint
from api.rest.problems import EXCEPTION_HANDLERS
from api.rest.routes import v1_routes
from api.settings import Settings

__all__ = ["app_from_env", "create_app"]


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    engine = create_engine(settings)
    store = Store(engine)
    curator = Curator(store)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        engine.dispose()

    routes = [
        Mount("/v1", routes=v1_routes()),
        Route("/openapi.json", openapi_endpoint, methods=["GET"], name="openapi"),
        Route("/docs", docs_page, methods=["GET"], name="docs"),
    ]
    routes.append(Route("/graphql", make_graphql_app(store), methods=["GET", "POST"], name="graphql"))
    app = Starlette(routes=routes, exception_handlers=EXCEPTION_HANDLERS, lifespan=lifespan)
    app.state.settings = settings
    app.state.store = store
    app.state.curator = curator
    app.state.engine = engine
    return app


def app_from_env() -> Starlette:
    """The uvicorn factory (``peaceops serve``)."""
    return create_app(Settings.from_env())
