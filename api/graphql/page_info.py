"""``PageInfo``: where a page of any connection ends (record lists and histories alike)."""

from __future__ import annotations

import strawberry

__all__ = ["PageInfo"]


@strawberry.type(description="Where a page ends, for the next request.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether a next page exists.")
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page; null when there is none."
    )
