"""Fixtures: the real app on a real, migrated, seeded database.

The engine is SQLite (a temporary file) unless ``PEACEOPS_TEST_POSTGRES`` names a
PostgreSQL server URL (``postgresql+psycopg://postgres@127.0.0.1/test``); then each test
session creates a throw-away database on that server and drops it afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.app import create_app
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.query import Store
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed"


def _postgres_server() -> str | None:
    return os.environ.get("PEACEOPS_TEST_POSTGRES") or None


@pytest.fixture(scope="session")
def make_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], str]]:
    """A factory of empty throw-away databases (URLs) on the engine under test."""
    server = _postgres_server()
    created: list[str] = []

    def make() -> str:
        if server is None:
            path = tmp_path_factory.mktemp("db") / "peaceops.db"
            return f"sqlite:///{path}"
        name = f"peaceops_test_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        created.append(name)
        return str(sa.engine.make_url(server).set(database=name))

    yield make
    if server is not None and created:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def make_seeded_database(make_database: Callable[[], str]) -> Callable[[], str]:
    """A factory of throw-away databases, migrated and seeded (URLs): for tests that write."""

    def make() -> str:
        url = make_database()
        engine = create_engine(Settings(database_url=url))
        upgrade(engine)
        load_seed(engine, SEED)
        engine.dispose()
        return url

    return make


@pytest.fixture(scope="session")
def database_url(make_seeded_database: Callable[[], str]) -> str:
    """The shared read-only test database: migrated and seeded once per session."""
    return make_seeded_database()


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    """Rate limiting is off for the shared app: Schemathesis alone sends thousands of
    requests from one client. tests/service/ tests the limiter with small budgets."""
    return Settings(database_url=database_url, seed_dir=SEED, rate_limit=0)


@pytest.fixture(scope="session")
def app(settings: Settings) -> Starlette:
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = create_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def store(engine: Engine) -> Store:
    return Store(engine)
