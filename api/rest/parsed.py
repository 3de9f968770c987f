"""A list endpoint's parsed requests, remembered by their query string.

Parsing a list request (``api.rest.params.parse_list``, with ``group_by`` split off) is a
pure function of the resource, the fixed scope of a nested route and the query string,
and the same strings come again and again (a dashboard polling a page, a client
re-reading one). So each endpoint keeps its last parses, keyed by the raw query string:
the second request with a string skips Starlette's query parsing and the parser's
checks. Only successful parses are kept (a bad request is parsed, and refused, every
time), in a bounded cache (``api.query.kept``).
"""

from __future__ import annotations

from starlette.requests import Request

from api.query import Condition, Resource
from api.query.kept import Kept
from api.rest.groups import GroupRequest, split_group_by
from api.rest.params import ListRequest, parse_list

__all__ = ["ListParser"]

Parsed = tuple[GroupRequest | None, ListRequest]


class ListParser:
    """The parses of one list endpoint (``scoped_field``: its nested route's fixed field)."""

    def __init__(self, resource: Resource, scoped_field: str | None) -> None:
        self.resource = resource
        self.scoped_field = scoped_field
        self._kept: Kept[Parsed] = Kept()

    def parse(self, request: Request, scope: tuple[Condition, ...]) -> Parsed:
        key = (request.scope.get("query_string", b""), scope)
        return self._kept.get(key, lambda: self._parse(request, scope))

    def _parse(self, request: Request, scope: tuple[Condition, ...]) -> Parsed:
        group_by, items = split_group_by(self.resource, list(request.query_params.multi_items()))
        return group_by, parse_list(self.resource, items, scope=scope, scoped_field=self.scoped_field)
