"""Costs of the research features, as ratios to a plain list page (run from the checkout:
``python -m bench.research``). Uses a fresh SQLite database with the Haiti seed."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from api.curation.search_index import sync_search_documents
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models.enums import Metric
from api.query import ListQuery, SortKey, Store
from api.research.contributions import mission_contributions
from api.research.dataset_version import compute_dataset_version
from api.research.series import mission_series
from api.research.snapshot import mission_snapshot
from api.settings import Settings

SEED = Path(__file__).resolve().parent.parent / "seed"


def per_call(fn: Callable[[], object], n: int = 200) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(Settings(database_url=f"sqlite:///{tmp}/bench.db"))
        upgrade(engine)
        load_seed(engine, SEED)
        store = Store(engine)
        day = dt.date(2024, 11, 15)
        base = per_call(lambda: store.list(ListQuery(resource="events", limit=50)))
        rows = {
            "list events (50)": base,
            "dataset_version (cached)": per_call(store.dataset_version, 2000),
            "search q=Kenya": per_call(lambda: store.list(ListQuery(resource="events", q="Kenya"))),
            "search q=Kenya sort=relevance": per_call(
                lambda: store.list(ListQuery(resource="events", q="Kenya", sort=(SortKey("relevance"),)))
            ),
            "missions as_of (status on the day)": per_call(
                lambda: store.list(ListQuery(resource="missions", as_of=day))
            ),
            "snapshot mss-haiti": per_call(lambda: mission_snapshot(store, "mss-haiti", day), 50),
            "contributors mss-haiti": per_call(lambda: mission_contributions(store, "mss-haiti", day), 50),
            "series personnel_deployed": per_call(
                lambda: mission_series(
                    store, "mss-haiti", Metric.personnel_deployed, contributor=None, day=None
                ),
                50,
            ),
        }
        with engine.begin() as conn:
            rows["compute_dataset_version (whole dataset)"] = per_call(
                lambda: compute_dataset_version(conn), 20
            )
            rows["sync_search_documents (nothing changed)"] = per_call(
                lambda: sync_search_documents(conn), 20
            )
        print(f"{'operation':45} {'ms':>8} {'x list':>8}")
        for name, seconds in rows.items():
            print(f"{name:45} {seconds * 1000:8.3f} {seconds / base:8.2f}")
        engine.dispose()


if __name__ == "__main__":
    main()
