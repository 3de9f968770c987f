"""Answering with a problem from middleware, outside the app's exception handlers."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from api.errors import PeaceopsError
from api.rest.problems import problem_for

__all__ = ["send_problem"]


async def send_problem(
    scope: Scope, receive: Receive, send: Send, exc: PeaceopsError, headers: dict[str, str] | None = None
) -> None:
    await problem_for(Request(scope), exc, headers)(scope, receive, send)
