"""What ``/v1/meta`` says about the dataset: its version, its record counts, its licences
and how to cite it."""

from __future__ import annotations

from typing import Any

from api.query.resources import RESOURCES
from api.query.spec import ListQuery
from api.query.store import Store
from api.research.citation import LICENSES, dataset_citation

__all__ = ["dataset_meta"]


def dataset_meta(store: Store) -> dict[str, Any]:
    version = store.dataset_version()
    counts = {name: store.list(ListQuery(resource=name, limit=1)).count or 0 for name in RESOURCES}
    return {
        "dataset_version": version,
        "counts": counts,
        "licenses": LICENSES,
        "citation": dataset_citation(version),
    }
