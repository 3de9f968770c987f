"""What ``/v1/meta`` says about the dataset: its version, its record counts, its licences
and how to cite it."""

from __future__ import annotations

from typing import Any

from api.query.resources import RESOURCES
from api.query.spec import Condition, ListQuery, SortKey
from api.query.store import Store
from api.research.citation import LICENSES, dataset_citation

__all__ = ["dataset_meta", "dataset_year"]


def dataset_year(store: Store) -> int | None:
    """The dataset's year: that of its latest dated source (the dataset's date, as the
    curation rules read it), so that the same data is cited with the same year."""
    query = ListQuery(
        resource="sources",
        conditions=(Condition("published_on", "isnull", False),),
        sort=(SortKey("published_on", descending=True),),
        fields=("published_on",),
        limit=1,
    )
    rows = store.list(query, with_count=False).rows
    return int(str(rows[0]["published_on"])[:4]) if rows else None


def dataset_meta(store: Store, *, url: str) -> dict[str, Any]:
    """``url``: where the dataset is served (``/v1/meta`` under the public base URL)."""
    version = store.dataset_version()
    counts = {name: store.list(ListQuery(resource=name, limit=1)).count or 0 for name in RESOURCES}
    return {
        "dataset_version": version,
        "counts": counts,
        "licenses": LICENSES,
        "citation": dataset_citation(version, year=dataset_year(store), url=url),
    }
