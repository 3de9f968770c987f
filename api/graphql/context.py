"""The per-request context: the Store and the DataLoaders, one set per request.

Every relation resolves through a loader, so a query costs one statement per relation
and level, however many rows it touches:

- ``record(resource)``: records by id (``mission.lead``, ``vote.member``);
- ``children(relation, resource)``: sources, votes, actors of many records at once;
- ``pages(template, parent_field, with_count)``: one page of a child list per parent
  (``mission.events(first: 10)``), through ``api.query.batch``.

Loaders run the Store synchronously: on SQLite a statement takes well under a
millisecond, less than a hop to a thread would. (The root lists, which can search or
count a large table, run as REST's do: ``api.service.reads``.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from api.query.batch import batch_pages
from api.query.spec import ListQuery
from api.query.store import Page, Store
from api.query.writes import Curator

__all__ = ["Context", "Row"]

Row = dict[str, Any]

# The child rows' key that points at their parent, dropped by Store.children; put back so
# that a vote reached through its resolution still answers ``vote.resolution`` (a
# mandate's votes carry their resolution's id themselves).
_PARENT_KEY = {"votes": "resolution", "actors": "event"}


@dataclass
class Context:
    store: Store
    curator: Curator
    request: Any = None
    response: Any = None
    _records: dict[str, DataLoader[str, Row | None]] = field(default_factory=dict)
    _children: dict[tuple[str, str], DataLoader[str, list[Row]]] = field(default_factory=dict)
    _pages: dict[tuple[ListQuery, str, bool], DataLoader[str, Page]] = field(default_factory=dict)

    def record(self, resource: str) -> DataLoader[str, Row | None]:
        loader = self._records.get(resource)
        if loader is None:
            store = self.store

            async def load(ids: list[str]) -> list[Row | None]:
                found = store.get_many(resource, ids)
                return [found.get(i) for i in ids]

            loader = self._records[resource] = DataLoader(load_fn=load)
        return loader

    def children(self, relation: str, resource: str) -> DataLoader[str, list[Row]]:
        loader = self._children.get((relation, resource))
        if loader is None:
            store = self.store
            parent_key = _PARENT_KEY.get(relation)

            async def load(ids: list[str]) -> list[list[Row]]:
                found: dict[str, list[Row]] = store.children(relation, resource, ids)
                if parent_key is not None:
                    for parent, rows in found.items():
                        for row in rows:
                            row.setdefault(parent_key, parent)
                return [found.get(i, []) for i in ids]

            loader = self._children[(relation, resource)] = DataLoader(load_fn=load)
        return loader

    def pages(self, template: ListQuery, parent_field: str, with_count: bool) -> DataLoader[str, Page]:
        key = (template, parent_field, with_count)
        loader = self._pages.get(key)
        if loader is None:
            store = self.store

            async def load(ids: list[str]) -> list[Page]:
                found = batch_pages(store, template, parent_field, ids, with_count=with_count)
                return [found[i] for i in ids]

            loader = self._pages[key] = DataLoader(load_fn=load)
        return loader
