"""What the Store returns for a list: a page of rows (or of records the database wrote as
JSON), its count, the cursor to the next page and the dataset version it was read at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Fetched", "JsonPage", "Page", "Row"]

Row = dict[str, Any]


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    count: int | None
    next_cursor: str | None
    dataset_version: str = ""  # the version the count was taken at ("" when not read)


@dataclass(frozen=True)
class JsonPage:
    """A page whose records the database wrote as JSON objects (``Store.list_json``), as
    UTF-8 bytes."""

    records: list[bytes]
    count: int | None
    next_cursor: str | None
    dataset_version: str


@dataclass(frozen=True)
class Fetched:
    """What ``Store._page`` read: a page's rows as the caller mapped them, and its count."""

    rows: list[Any]
    count: int | None
    version: str
    more: bool  # a row past the page was read: there is a next page
    fingerprint: str
