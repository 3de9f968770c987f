"""PostgreSQL's fast paths (``api.query.sql.postgres_paths``) change how rows are read and
spelled, never which rows or what they say. The select spells dates and timestamps as the
wire has them instead of Python: the same text, value for value, and so the same bodies,
pages, records and exports alike. A search with few matches reads them first: the same
pages, and cursors that lead to the same next pages, as the walk in the list's order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from api.app import create_app
from api.query.sql import postgres_paths
from api.query.wire import wire_value
from api.settings import Settings

REQUESTS = [
    "/v1/events?limit=7",
    "/v1/events?mission=mss-haiti&sort=-date&limit=5",
    "/v1/events?q=police&sort=date&limit=4",
    "/v1/events?fields=id,date,title,updated_at&limit=9",
    "/v1/missions?as_of=2010-06-01&limit=20",
    "/v1/missions?sort=-start_date&limit=30",
    "/v1/observations?limit=10",
    "/v1/resolutions?sort=-adopted_on&limit=6",
    "/v1/events?format=csv",
    "/v1/events?format=ndjson&mission=mss-haiti",
    "/v1/missions?format=csv&fields=id,name,start_date,end_date,created_at",
    "/v1/observations?format=ndjson",
]

UTC = dt.UTC
TIMESTAMPS = [
    dt.datetime(2026, 11, 28, 0, 0, 0, tzinfo=UTC),
    dt.datetime(2026, 11, 28, 23, 59, 59, 999999, tzinfo=UTC),
    dt.datetime(2024, 2, 29, 12, 30, 5, 120000, tzinfo=UTC),
    dt.datetime(2024, 6, 1, 1, 2, 3, 4, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
    dt.datetime(1999, 12, 31, 22, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3))),
    dt.datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC),
]
DATES = [dt.date(2026, 11, 28), dt.date(1948, 5, 29), dt.date(999, 12, 31), dt.date(2024, 2, 29)]


@pytest.fixture(scope="module")
def postgres(settings: Settings) -> None:
    if settings.database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's fast paths: SQLite has its own (tests/query/test_fast_paths.py)")


def test_the_database_spells_each_value_as_python_does(postgres: None, engine: Engine) -> None:
    stamp = sa.column("stamp", sa.DateTime(timezone=True))
    naive = sa.column("naive", sa.DateTime())
    day = sa.column("day", sa.Date())
    with engine.connect() as conn:
        conn.exec_driver_sql("SET TimeZone = 'America/Sao_Paulo'")  # the session's zone changes nothing
        conn.exec_driver_sql("SET DateStyle = 'SQL, DMY'")  # nor its date style
        for value in TIMESTAMPS:
            local = value.astimezone(UTC).replace(tzinfo=None)
            values = sa.select(
                sa.cast(sa.literal(value.isoformat()), sa.DateTime(timezone=True)).label("stamp"),
                sa.cast(sa.literal(local.isoformat()), sa.DateTime()).label("naive"),
            ).subquery()
            got = conn.execute(
                sa.select(
                    postgres_paths.timestamp_text(values.c.stamp),
                    postgres_paths.timestamp_text(values.c.naive),
                )
            ).one()
            assert tuple(got) == (wire_value(value), wire_value(local)), value
        for d in DATES:
            values = sa.select(sa.cast(sa.literal(d.isoformat()), sa.Date()).label("day")).subquery()
            (got,) = conn.execute(sa.select(postgres_paths.date_text(values.c.day))).one()
            assert got == wire_value(d) == d.isoformat()
        conn.rollback()
    # Other expressions are left to Python as they are.
    assert postgres_paths.timestamp_text(day) is day
    assert postgres_paths.date_text(stamp) is stamp
    assert postgres_paths.date_text(naive) is naive


@pytest.fixture(scope="module")
def answers(postgres: None, client: TestClient) -> dict[str, bytes]:
    out = {}
    for path in REQUESTS:
        response = client.get(path)
        assert response.status_code == 200, response.text
        out[path] = response.content
    first = client.get("/v1/events?limit=1").json()["data"][0]["id"]
    out[f"/v1/events/{first}"] = client.get(f"/v1/events/{first}").content
    return out


@pytest.fixture(scope="module")
def spelled_by_python(answers: dict[str, bytes], settings: Settings) -> Iterator[TestClient]:
    """The app with the select's spelling turned off: Python converts every value."""
    mp = pytest.MonkeyPatch()
    mp.setattr(postgres_paths, "timestamp_text", lambda col: col)
    mp.setattr(postgres_paths, "date_text", lambda col: col)
    try:
        with TestClient(create_app(settings), raise_server_exceptions=False) as c:
            yield c
    finally:
        mp.undo()


def test_the_bodies_are_those_of_python_spelling(
    answers: dict[str, bytes], spelled_by_python: TestClient
) -> None:
    assert len(answers) == len(REQUESTS) + 1
    for path, body in answers.items():
        response = spelled_by_python.get(path)
        assert response.status_code == 200, response.text
        assert response.content == body, path


SEARCHES = [
    "/v1/events?q=police&limit=3",
    "/v1/events?q=police&sort=-date&limit=4",
    "/v1/events?q=police&mission=mss-haiti&limit=2",
    "/v1/events?q=Kenya&sort=title&limit=5",
    "/v1/missions?q=mission&sort=-start_date&limit=4",
    "/v1/sources?q=resolution&limit=6",
    "/v1/events?q=police&fields=id,date&limit=50",
]


def _pages(client: TestClient, path: str) -> list[bytes]:
    """The first page and every next page its cursors lead to (a few at most)."""
    out = []
    url: str | None = path
    while url is not None and len(out) < 6:
        response = client.get(url)
        assert response.status_code == 200, response.text
        out.append(response.content)
        url = response.json()["links"].get("next")
    return out


def test_a_search_with_few_matches_reads_them_first_and_pages_alike(
    postgres: None, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = []
    matches_first = postgres_paths.matches_first

    def spy(*args: object, **kwargs: object) -> object:
        built.append(args[0])
        return matches_first(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(postgres_paths, "matches_first", spy)
    with TestClient(create_app(settings), raise_server_exceptions=False) as few:
        first = {path: _pages(few, path) for path in SEARCHES}
    assert built, "the seed's searches have few matches: their pages read them first"
    monkeypatch.setattr(postgres_paths, "FEW_MATCHES", 0)  # every search walks the list's order
    built.clear()
    with TestClient(create_app(settings), raise_server_exceptions=False) as walk:
        for path, pages in first.items():
            assert _pages(walk, path) == pages, path
    assert not built
    assert any(len(pages) > 1 for pages in first.values())
