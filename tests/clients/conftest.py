"""The clients' tests run as their users do: against a default ``peaceops serve`` (rate
limit on) on a freshly seeded database of their own, with a curate key made as a curator
makes one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.curation.keys import create_key
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models.enums import KeyScope
from api.settings import Settings
from tests.service.server import Server

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "openapi" / "openapi.json"


@dataclass(frozen=True)
class Served:
    server: Server
    key: str  # a curate key

    @property
    def base(self) -> str:
        return self.server.base


@pytest.fixture(scope="module")
def served(make_database: Callable[[], str]) -> Iterator[Served]:
    url = make_database()
    engine = create_engine(Settings(database_url=url))
    upgrade(engine)
    load_seed(engine, ROOT / "seed")
    key = create_key(engine, name="client", scope=KeyScope.curate)
    engine.dispose()
    # the default rate limit (tests/service/server.py turns it off unless told)
    env = {"PEACEOPS_DATABASE_URL": url, "PEACEOPS_RATE_LIMIT": str(Settings.rate_limit)}
    server = Server(["-m", "api.cli", "serve", "--port", "{port}"], env=env)
    try:
        server.wait_ready("/readyz")
        yield Served(server, key)
    finally:
        server.stop()
