"""create_app(settings) -> Starlette: the front door (/, /v1), /v1, /docs and /graphql
over one Store, the health and metrics endpoints, and the service middleware
(api.service.stack) around it all."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.types import ASGIApp

from api.access import Access
from api.curation.writes import Curator
from api.db import create_engine
from api.graphql.app import graphql_routes
from api.graphql.caching import cacheable_answer
from api.graphql.weight import graphql_request_weight
from api.query import Store
from api.research.dataset_version import compute_dataset_version
from api.rest.docs import docs_routes
from api.rest.front import front_routes
from api.rest.openapi import openapi_endpoint
from api.rest.routes import v1_routes
from api.service.cache_stores import SharedCache
from api.service.health import health_routes
from api.service.metrics import instrument_pool, metrics_endpoint
from api.service.problems import EXCEPTION_HANDLERS
from api.service.ratelimit_backends import make_backend
from api.service.response_cache import ResponseCache
from api.service.stack import service_stack
from api.settings import Settings

__all__ = ["PeaceopsApp", "app_from_env", "create_app"]


class PeaceopsApp(Starlette):
    """Starlette with the service middleware outside its ``ServerErrorMiddleware``."""

    def __init__(self, *, settings: Settings, access: Access, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.rate_limit_backend = make_backend(settings.redis_url) if settings.rate_limit > 0 else None
        shared = settings.redis_url if settings.cache_mb > 0 else None
        self.shared_cache = SharedCache(shared) if shared else None
        self.response_cache: ResponseCache | None = None
        self._access = access

    def build_middleware_stack(self) -> ASGIApp:
        routes = super().build_middleware_stack()
        budget = int(self.settings.cache_mb * 1024 * 1024)
        if budget > 0:
            routes = self.response_cache = ResponseCache(
                routes,
                known_token=self._access.known_state_token,
                read_token=self._access.state_token,
                budget_bytes=budget,
                shared=self.shared_cache,
                policies={"/graphql": cacheable_answer},
                passthrough=frozenset({"/healthz", "/readyz", "/metrics"}),
            )
        return service_stack(
            routes,
            settings=self.settings,
            backend=self.rate_limit_backend,
            weigh=graphql_request_weight,
        )


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    engine = create_engine(settings)
    instrument_pool(engine)
    key = settings.secret_key.encode() if settings.secret_key else None
    store = Store(
        engine, hash_dataset=compute_dataset_version, cursor_key=key, fast_paths=settings.sqlite_fast_paths
    )
    access = Access(store, Curator(store), quick_budget=max(0.0, settings.quick_read_ms) / 1000)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Database calls run on the default thread pool (run_in_threadpool): a few
        # threads serve as well as forty and contend less for the GIL.
        anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, settings.db_threads)
        await access.warm()
        yield
        if isinstance(app, PeaceopsApp) and app.rate_limit_backend is not None:
            await app.rate_limit_backend.close()
        if isinstance(app, PeaceopsApp) and app.shared_cache is not None:
            await app.shared_cache.close()
        access.close()
        engine.dispose()

    routes = [
        *front_routes(),
        Mount("/v1", routes=v1_routes()),
        Route("/openapi.json", openapi_endpoint, methods=["GET"], name="openapi"),
        *docs_routes(),
        *graphql_routes(access),
        *health_routes(),
        Route("/metrics", metrics_endpoint, methods=["GET"], name="metrics"),
    ]
    app = PeaceopsApp(
        settings=settings,
        access=access,
        routes=routes,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.access = access
    app.state.engine = engine
    return app


def app_from_env() -> Starlette:
    """The uvicorn factory (``peaceops serve``)."""
    return create_app(Settings.from_env())
