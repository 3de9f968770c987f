"""A writable app on its own freshly seeded database, and keys to write with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.app import create_app
from api.curation.keys import create_key
from api.models.enums import KeyScope
from api.settings import Settings

SEED = Path(__file__).resolve().parents[2] / "seed"


@pytest.fixture(scope="module")
def writable_settings(make_seeded_database: Callable[[], str]) -> Settings:
    return Settings(database_url=make_seeded_database(), seed_dir=SEED, rate_limit=0)


@pytest.fixture(scope="module")
def writable_app(writable_settings: Settings) -> Iterator[Starlette]:
    app = create_app(writable_settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def wclient(writable_app: Starlette) -> Iterator[TestClient]:
    with TestClient(writable_app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def keys(writable_app: Starlette) -> dict[str, str]:
    engine = writable_app.state.engine
    return {
        "curate": create_key(engine, name="curator", scope=KeyScope.curate),
        "read": create_key(engine, name="reader", scope=KeyScope.read),
    }


@pytest.fixture(scope="module")
def curate(keys: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {keys['curate']}"}
