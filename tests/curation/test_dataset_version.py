"""The dataset version under curation writes: each write moves it by the change of its
record's rows alone, without hashing the dataset, to exactly the version a full hash of
the data gives (api.research.dataset_version)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.testclient import TestClient

import api.research.dataset_version as version_module
from api.research.dataset_version import SCHEME, compute_dataset_version, read_dataset_version

EVENT = {
    "date": "2025-11-03",
    "date_precision": "day",
    "kind": "statement",
    "title": "Curators note a version test statement",
    "mission": "gang-suppression-force",
    "actors": [{"contributor": "kenya", "role": "contributor", "stance": "support"}],
    "sources": ["un-press-sc-15432"],
}


# The seed's version as the first scheme (one hash over the rows in key order) made it.
FIRST_SCHEME_SEED_VERSION = "95a8ec06d2ef40bdbb00cb3afa7c78f6"


def _stored_and_computed(app: Starlette) -> tuple[str | None, str]:
    with app.state.engine.connect() as conn:
        return read_dataset_version(conn), compute_dataset_version(conn)


def _current(app: Starlette) -> str:
    stored, computed = _stored_and_computed(app)
    assert stored == computed
    return computed


def _patch(client: TestClient, curate: dict[str, str], url: str, body: dict[str, Any]) -> None:
    etag = client.get(url).headers["etag"]
    response = client.patch(url, json=body, headers={**curate, "If-Match": etag})
    assert response.status_code == 200, response.text


def test_each_write_leaves_the_version_of_the_data(
    wclient: TestClient, writable_app: Starlette, curate: dict[str, str]
) -> None:
    start = _current(writable_app)
    created = wclient.post("/v1/events", json=EVENT, headers=curate)
    assert created.status_code == 201, created.text
    url = f"/v1/events/{created.json()['id']}"
    with_event = _current(writable_app)
    assert with_event != start

    # Scalars and child rows (actors, citations) alike; undone, the version comes back.
    _patch(wclient, curate, url, {"title": "Curators note a changed statement"})
    retitled = _current(writable_app)
    assert retitled not in (start, with_event)
    _patch(wclient, curate, url, {"title": EVENT["title"]})
    assert _current(writable_app) == with_event
    _patch(
        wclient,
        curate,
        url,
        {
            "actors": [{"contributor": "kenya", "role": "contributor", "stance": "oppose"}],
            "sources": ["un-press-sc-15432", "un-dl-s-res-1529-2004"],
        },
    )
    assert _current(writable_app) not in (start, with_event)
    _patch(wclient, curate, url, {"actors": EVENT["actors"], "sources": EVENT["sources"]})
    assert _current(writable_app) == with_event

    # A write that changes no data (the record's version goes up) leaves it alone.
    _patch(wclient, curate, url, {"title": EVENT["title"]})
    assert _current(writable_app) == with_event

    etag = wclient.get(url).headers["etag"]
    assert wclient.delete(url, headers={**curate, "If-Match": etag}).status_code == 204
    assert _current(writable_app) == start, "the data is as it was before the create"


def test_a_write_does_not_hash_the_dataset(
    wclient: TestClient, writable_app: Starlette, curate: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _current(writable_app)

    def refuse(conn: Any) -> str:
        raise AssertionError("a write hashed the whole dataset")

    monkeypatch.setattr(version_module, "compute_dataset_version", refuse)
    _patch(wclient, curate, "/v1/missions/binuh", {"summary": "Written without hashing everything."})
    monkeypatch.undo()
    _current(writable_app)


def test_a_version_stored_by_another_scheme_is_rehashed_at_the_next_write(
    wclient: TestClient, writable_app: Starlette, curate: dict[str, str]
) -> None:
    state = sa.table("dataset_state", sa.column("id"), sa.column("version"))
    with writable_app.state.engine.begin() as conn:
        conn.execute(sa.delete(state).where(state.c.id == 2))
        conn.execute(sa.update(state).where(state.c.id == 1).values(version=FIRST_SCHEME_SEED_VERSION))
    _patch(wclient, curate, "/v1/missions/binuh", {"summary": "Written after an upgrade."})
    _current(writable_app)
    with writable_app.state.engine.connect() as conn:
        assert conn.execute(sa.select(state.c.version).where(state.c.id == 2)).scalar() == SCHEME
