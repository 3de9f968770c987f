"""Child rows and records by id (GraphQL's loaders, REST's ``expand``) spell a record as
a record read does, timestamps included, on both engines, in one statement per chunk."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.query import Store
from api.query.sql.children import IN_CHUNK, in_list_params


def test_children_and_records_by_id_read_as_a_record_does(store: Store, engine: Engine) -> None:
    with engine.connect() as conn:
        cited = conn.execute(sa.text("SELECT record_id, source_id FROM event_source LIMIT 20")).all()
        sources = [s for (s,) in conn.execute(sa.text("SELECT id FROM source ORDER BY id LIMIT 30"))]
    by_event = store.children("sources", "events", [event for event, _ in cited])
    assert by_event
    for event, rows in by_event.items():
        for row in rows:
            assert row == store.get("sources", (row["id"],)), event
            assert row["created_at"].endswith("Z") and "T" in row["created_at"]
    found = store.get_many("sources", [*sources, "no-such-source", sources[0]])
    assert sorted(found) == sorted(sources)
    assert all(found[s] == store.get("sources", (s,)) for s in sources)


def test_an_in_list_takes_a_few_shapes() -> None:
    sizes = {in_list_params([f"id{k}" for k in range(n)])[0] for n in range(1, IN_CHUNK + 1)}
    assert sizes == {2**k for k in range(10)}  # 1, 2, 4, ... 512
    size, params = in_list_params(["a", "b", "c", "a"])
    assert size == 4 and list(params.values()) == ["a", "b", "c", "c"]
