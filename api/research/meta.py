"""What ``/v1/meta`` says about the dataset: its version, its record counts, its licences
and how to cite it."""

from __future__ import annotations

from api.query.resources import RESOURCES
from api.query.spec import Condition, ListQuery, SortKey
from api.query.store import Row, Store
from api.research import types as T
from api.research.citation import LICENSES, dataset_citation
from api.research.shapes import wire

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


def dataset_meta(store: Store, *, url: str) -> Row:
    """The dataset's meta (``api.research.types.DatasetMeta``); ``url``: where the dataset
    is served (``/v1/meta`` under the public base URL)."""
    version = store.dataset_version()
    counts = {name: store.list(ListQuery(resource=name, limit=1)).count or 0 for name in RESOURCES}
    meta = T.DatasetMeta(
        dataset_version=version,
        counts=T.Counts(**counts),
        licenses=T.Licenses(data=T.License(**LICENSES["data"]), code=T.License(**LICENSES["code"])),
        citation=dataset_citation(version, year=dataset_year(store), url=url),
    )
    return wire(meta)
