"""The per-request context: the access layer and the DataLoaders, one set per request.

Every relation resolves through a loader, so a query costs one statement per relation
and level, however many rows it touches:

- ``record(resource)``: records by id (``mission.lead``, ``vote.member``);
- ``children(relation, resource)``: sources, votes, actors of many records at once;
- ``pages(template, parent_field, with_count)``: one page of a child list per parent
  (``mission.events(first: 10)``), through ``api.query.batch``.

Loaders, like every read, go through ``api.access``: on SQLite within the quick budget on
the event loop, elsewhere (or when cut) on a database thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from api.access import Access
from api.query.batch import batch_pages
from api.query.spec import ListQuery
from api.query.store import Page, Store

__all__ = ["Context", "Row"]

Row = dict[str, Any]

# The child rows' key that points at their parent, dropped by Store.children; put back so
# that a vote reached through its resolution still answers ``vote.resolution`` (a
# mandate's votes carry their resolution's id themselves).
_PARENT_KEY = {"votes": "resolution", "actors": "event"}


@dataclass
class Context:
    access: Access
    request: Any = None
    response: Any = None
    # api.query.hints' warnings of the response (extensions.warnings), each once
    warnings: list[Row] = field(default_factory=list)
    _records: dict[str, DataLoader[str, Row | None]] = field(default_factory=dict)
    _children: dict[tuple[str, str], DataLoader[str, list[Row]]] = field(default_factory=dict)
    _pages: dict[tuple[ListQuery, str, bool], DataLoader[str, Page]] = field(default_factory=dict)

    def warn(self, found: list[Row]) -> None:
        """Adds warnings (a list field resolved for many parents warns once)."""
        for warning in found:
            if warning not in self.warnings:
                self.warnings.append(warning)

    def record(self, resource: str) -> DataLoader[str, Row | None]:
        loader = self._records.get(resource)
        if loader is None:
            access = self.access

            async def load(ids: list[str]) -> list[Row | None]:
                found = await access.query(Store.get_many, resource, ids)
                return [found.get(i) for i in ids]

            loader = self._records[resource] = DataLoader(load_fn=load)
        return loader

    def children(self, relation: str, resource: str) -> DataLoader[str, list[Row]]:
        loader = self._children.get((relation, resource))
        if loader is None:
            access = self.access
            parent_key = _PARENT_KEY.get(relation)

            async def load(ids: list[str]) -> list[list[Row]]:
                found: dict[str, list[Row]] = await access.query(Store.children, relation, resource, ids)
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
            access = self.access

            async def load(ids: list[str]) -> list[Page]:
                found = await access.query(batch_pages, template, parent_field, ids, with_count=with_count)
                return [found[i] for i in ids]

            loader = self._pages[key] = DataLoader(load_fn=load)
        return loader
