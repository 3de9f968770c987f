"""The real app plus one test-only route that streams slowly, served with the uvicorn
options of ``peaceops serve``: ``python -m tests.service.slow_app PORT``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from api.app import app_from_env
from api.cli import uvicorn_options

CHUNKS = 6
PAUSE = 0.4


async def slow_stream(request: Request) -> Response:
    async def body() -> AsyncIterator[bytes]:
        for i in range(CHUNKS):
            yield f"chunk {i}\n".encode()
            await asyncio.sleep(PAUSE)

    return StreamingResponse(body(), media_type="text/plain")


def make() -> Starlette:
    app = app_from_env()
    app.router.routes.append(Route("/_slow", slow_stream))
    return app


if __name__ == "__main__":
    args = argparse.Namespace(
        host="127.0.0.1", port=int(sys.argv[1]), reload=False, workers=1, graceful_timeout=10
    )
    uvicorn.run("tests.service.slow_app:make", factory=True, **uvicorn_options(args))
