"""On SQLite, search documents carry their records' sort keys (``search_document.sort_key``,
migration 0006), from which a search page is ordered without reading the records
(``api.query.sql.plan._document_keys``). Triggers keep the keys, whoever writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.db import create_engine
from api.db.migrate import current_revision, downgrade, head_revision, upgrade
from api.query import RESOURCES
from api.settings import Settings

# What migration 0006 gives a key, by resource: the declarations must say the same.
MIGRATED = {"events": "date"}


@pytest.fixture
def fresh(make_database: Callable[[], str]) -> Iterator[Engine]:
    engine = create_engine(Settings(database_url=make_database()))
    yield engine
    engine.dispose()


def _sqlite_only(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the sort keys are SQLite's (PostgreSQL orders search pages by the records)")


def _keys(engine: Engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT record_id, sort_key FROM search_document"))
        return {record_id: key for record_id, key in rows}


def _event(conn: sa.Connection, event_id: str, day: str) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO event (id, date, date_precision, kind, title, version) "
            "VALUES (:id, :day, 'day', 'statement', 'Wombats arrive', 1)"
        ),
        {"id": event_id, "day": day},
    )


def test_the_declarations_ask_for_the_keys_the_migration_keeps() -> None:
    assert {r.name: r.search_sort for r in RESOURCES.values() if r.search_sort} == MIGRATED
    for name, field in MIGRATED.items():
        resource = RESOURCES[name]
        assert not resource.field(field).nullable, "a NULL key would have no place in the order"
        assert resource.key == ("id",)


def test_every_seeded_document_carries_its_records_key(engine: Engine) -> None:
    _sqlite_only(engine)
    with engine.connect() as conn:
        for name, field in MIGRATED.items():
            table = RESOURCES[name].table.name
            rows = conn.execute(
                sa.text(
                    f"SELECT d.sort_key, r.{field} FROM search_document d "
                    f"JOIN {table} r ON r.id = d.record_id WHERE d.resource = :resource"
                ),
                {"resource": name},
            ).all()
            assert rows and all(key == value for key, value in rows)
        others = sa.text(
            "SELECT count(*) FROM search_document WHERE sort_key IS NOT NULL AND resource <> 'events'"
        )
        assert conn.execute(others).scalar_one() == 0


def test_the_upgrade_fills_the_keys_and_triggers_keep_them(fresh: Engine) -> None:
    upgrade(fresh, "0005")
    with fresh.begin() as conn:
        _event(conn, "e1", "2024-10-02")
        conn.execute(
            sa.text(
                "INSERT INTO search_document (resource, record_id, title, body) "
                "VALUES ('events', 'e1', 'Wombats arrive', ''), ('sources', 's1', 'Wombat weekly', '')"
            )
        )
    upgrade(fresh)
    if fresh.dialect.name != "sqlite":
        return  # nothing to keep there: the upgrade only has to pass
    assert _keys(fresh) == {"e1": "2024-10-02", "s1": None}
    with fresh.begin() as conn:
        # A date changed behind the app's back, and a document written without a key
        # (an instance older than the migration): the keys follow.
        conn.execute(sa.text("UPDATE event SET date = '2024-10-09' WHERE id = 'e1'"))
        _event(conn, "e2", "2024-10-05")
        conn.execute(
            sa.text(
                "INSERT INTO search_document (resource, record_id, title, body) "
                "VALUES ('events', 'e2', 'Wombats leave', '')"
            )
        )
    assert _keys(fresh) == {"e1": "2024-10-09", "s1": None, "e2": "2024-10-05"}
    with fresh.begin() as conn:
        # A new key leaves the full-text index as it was, and whole.
        conn.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
        hits = sa.text("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'wombat'")
        assert conn.execute(hits).scalar_one() == 3


def test_the_migration_goes_down_and_up_again(fresh: Engine) -> None:
    upgrade(fresh)
    downgrade(fresh, "0005")
    assert current_revision(fresh) == "0005"
    with fresh.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("search_document")}
    assert "sort_key" not in columns
    upgrade(fresh)
    assert current_revision(fresh) == head_revision()
