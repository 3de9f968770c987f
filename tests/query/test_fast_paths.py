"""SQLite's fast paths (``api.query.sql.sqlite_paths``) change how rows are read and spelled,
never which rows or what they say: with the one switch off
(``PEACEOPS_SQLITE_FAST_PATHS=0``), the same requests get byte-identical bodies, pages
and exports alike, and their cursors lead to the same next pages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings

REQUESTS = [
    "/v1/events?limit=7",
    "/v1/events?mission=mss-haiti&sort=-date&limit=5",
    "/v1/events?q=Kenya&limit=5",
    "/v1/events?q=police&sort=date&limit=4",
    "/v1/events?q=police&sort=-date&mission=mss-haiti&limit=3",
    "/v1/events?fields=id,date,title&limit=9",
    "/v1/missions?as_of=2010-06-01&limit=20",
    "/v1/missions?fields=id,name,status&sort=-start_date",
    "/v1/observations?limit=10",
    "/v1/votes?limit=25",
    "/v1/resolutions?sort=-adopted_on&limit=6",
    "/v1/sources?q=resolution&limit=8",
    "/v1/events?format=csv",
    "/v1/events?format=ndjson&mission=mss-haiti",
    "/v1/missions?format=csv&fields=id,name,start_date",
    "/v1/missions?format=ndjson",
    "/v1/observations?format=csv",
    "/v1/votes?format=ndjson&limit=40",
]


@pytest.fixture(scope="module")
def portable(settings: Settings) -> Iterator[TestClient]:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the fast paths are SQLite's")
    app = create_app(replace(settings, sqlite_fast_paths=False))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("path", REQUESTS)
def test_the_fast_paths_answer_as_the_portable_plans_do(
    client: TestClient, portable: TestClient, path: str
) -> None:
    fast, slow = client.get(path), portable.get(path)
    assert fast.status_code == slow.status_code == 200, (fast.text, slow.text)
    assert fast.headers["content-type"] == slow.headers["content-type"]
    assert fast.content == slow.content
    if fast.headers["content-type"].startswith("application/json"):
        following = fast.json()["links"].get("next")
        if following:  # the fast path's cursor reads the same next page on both
            assert client.get(following).content == portable.get(following).content


def test_the_switch_is_one_setting(settings: Settings, portable: TestClient) -> None:
    store = portable.app.state.access._store  # type: ignore[attr-defined]
    assert store.sqlite and not store.fast
