"""``GET /healthz``: the process is alive (no database call). ``GET /readyz``: the
database answers and its schema is at the migration head; a 503 problem otherwise, so a
load balancer takes the worker out of rotation until it is ready again."""

from __future__ import annotations

import functools

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.db import database_errors
from api.db.migrate import current_revision, head_revision
from api.errors import DatabaseUnavailable

__all__ = ["health_routes"]

_NO_STORE = {"Cache-Control": "no-store"}


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"}, headers=_NO_STORE)


@functools.cache
def _head() -> str | None:
    return head_revision()


def _check_schema(request: Request) -> str:
    head = _head()
    with database_errors():
        current = current_revision(request.app.state.engine)
    if current != head:
        raise DatabaseUnavailable(
            f"the database schema is at {current or 'no revision'}, not at the migration head {head}; "
            "run `peaceops db upgrade`"
        )
    return current or ""


async def readyz(request: Request) -> Response:
    revision = await run_in_threadpool(_check_schema, request)
    return JSONResponse({"status": "ready", "database": "ok", "revision": revision}, headers=_NO_STORE)


def health_routes() -> list[Route]:
    return [
        Route("/healthz", healthz, methods=["GET"], name="healthz"),
        Route("/readyz", readyz, methods=["GET"], name="readyz"),
    ]
