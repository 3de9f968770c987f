"""Fixtures for the service tests: apps with their own settings (small limits, tiny
timeouts) over the session's seeded database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings

MakeClient = Callable[..., Any]


@pytest.fixture
def make_client(settings: Settings) -> Iterator[MakeClient]:
    """``with make_client(rate_limit=5) as client:`` an app over the test database with
    those settings changed."""

    @contextmanager
    def make(**overrides: Any) -> Iterator[TestClient]:
        values = {**vars(settings), **overrides}
        app = create_app(Settings(**values))
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client

    yield make
