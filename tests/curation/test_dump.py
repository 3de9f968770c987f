"""Files and API stay one: a dump loads into an empty database and dumps again unchanged,
and holds what the API wrote."""

from __future__ import annotations

import filecmp
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.curation.dump import dump_seed
from api.curation.seed import load_seed, read_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.settings import Settings


def test_dump_round_trips(
    writable_app: Starlette,
    wclient: TestClient,
    curate: dict[str, str],
    make_database: Callable[[], str],
    tmp_path: Path,
) -> None:
    wclient.post(
        "/v1/contributors",
        json={
            "name": "Dump Testland",
            "kind": "state",
            "iso3": "DTL",
            "region": "Europe",
            "sources": ["un-press-sc-15432"],
        },
        headers=curate,
    )
    first, second = tmp_path / "first", tmp_path / "second"
    dump_seed(writable_app.state.engine, first)
    data = read_seed(first)  # the dump is a valid seed
    assert any(c.id == "dump-testland" for c in data.contributors)
    engine = create_engine(Settings(database_url=make_database()))
    try:
        upgrade(engine)
        load_seed(engine, first)
        dump_seed(engine, second)
    finally:
        engine.dispose()
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    _match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == [], mismatch
