"""Search documents carry their records' sort keys (``search_document.sort_key``,
migration 0006), from which SQLite orders a search page without reading the records
(``api.query.plan._document_keys``)."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.db import create_engine
from api.migrate import upgrade
from api.query import RESOURCES
from api.search_index import SORT_KEYS
from api.settings import Settings


def test_the_index_and_the_declarations_name_the_same_sort_keys() -> None:
    assert {r.name: r.search_sort for r in RESOURCES.values() if r.search_sort} == SORT_KEYS
    for name, field in SORT_KEYS.items():
        resource = RESOURCES[name]
        assert not resource.field(field).nullable, "a NULL sort key would have no place in the order"
        assert resource.key == ("id",)


def test_every_document_carries_its_records_sort_key(engine: Engine) -> None:
    with engine.connect() as conn:
        for name, field in SORT_KEYS.items():
            table = RESOURCES[name].table
            rows = conn.execute(
                sa.text(
                    f"SELECT d.sort_key, CAST(r.{field} AS VARCHAR) FROM search_document d "
                    f"JOIN {table.name} r ON r.id = d.record_id WHERE d.resource = :resource"
                ),
                {"resource": name},
            ).all()
            assert rows, f"the seed has searchable {name}"
            assert all(key == value for key, value in rows)
        others = sa.text(
            "SELECT count(*) FROM search_document WHERE sort_key IS NOT NULL AND resource NOT IN :names"
        ).bindparams(sa.bindparam("names", expanding=True))
        assert conn.execute(others, {"names": sorted(SORT_KEYS)}).scalar_one() == 0


def test_the_upgrade_fills_the_sort_keys_of_existing_documents(make_database: Callable[[], str]) -> None:
    engine = create_engine(Settings(database_url=make_database()))
    try:
        upgrade(engine, "0005")
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO event (id, date, date_precision, kind, title, version) "
                    "VALUES ('e1', '2024-10-02', 'day', 'statement', 'Wombats arrive', 1)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO search_document (resource, record_id, title, body) "
                    "VALUES ('events', 'e1', 'Wombats arrive', ''), ('sources', 's1', 'Wombat weekly', '')"
                )
            )
        upgrade(engine)
        with engine.connect() as conn:
            keys = dict(conn.execute(sa.text("SELECT record_id, sort_key FROM search_document")).all())
        assert keys == {"e1": "2024-10-02", "s1": None}
        if engine.dialect.name == "sqlite":
            with engine.begin() as conn:
                # A new sort key alone leaves the full-text index as it was, and whole.
                conn.execute(sa.text("UPDATE search_document SET sort_key = '2024-10-03'"))
                conn.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
                hits = sa.text("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'wombat'")
                assert conn.execute(hits).scalar_one() == 2
    finally:
        engine.dispose()
