"""Opaque keyset cursors: the sort values of the last row, signed, and tied to the query.

A cursor is ``base64url(json).signature``. The JSON names the sort and a fingerprint of
the filters, so a cursor from another query is refused rather than silently misread;
the HMAC, with the deployment's key (``api.query.sql.cursor_key``), makes an altered cursor a
clear 400 instead of a wrong page. The values are readable, not secret.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

import orjson

from api.errors import BadRequest
from api.query.resources import Resource
from api.query.spec import ListQuery
from api.query.sql.keyset import effective_sort

__all__ = ["decode_cursor", "encode_cursor", "fingerprint", "listing_fingerprint", "row_cursor"]


def fingerprint(parts: Any) -> str:
    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def _sign(key: bytes, body: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.digest(key, body, "sha256")[:12]).decode()


def encode_cursor(*, key: bytes, query_fingerprint: str, values: list[Any]) -> str:
    body = base64.urlsafe_b64encode(orjson.dumps({"q": query_fingerprint, "v": values})).rstrip(b"=")
    return f"{body.decode()}.{_sign(key, body)}"


def decode_cursor(cursor: str, *, key: bytes, query_fingerprint: str, arity: int) -> list[Any]:
    """The row values a cursor carries; BadRequest when it is malformed, tampered with,
    or belongs to another query."""
    problem = BadRequest.field(
        "cursor", "is not a valid cursor for this query; use the next_cursor of the previous page unchanged"
    )
    body_text, _, signature = cursor.partition(".")
    try:
        body = body_text.encode("ascii")
    except UnicodeEncodeError:
        raise problem from None
    if not signature or not hmac.compare_digest(signature, _sign(key, body)):
        raise problem
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4)))
    except (ValueError, orjson.JSONDecodeError):
        raise problem from None
    if not isinstance(payload, dict) or payload.get("q") != query_fingerprint:
        raise problem
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != arity:
        raise problem
    return values


def listing_fingerprint(query: ListQuery) -> str:
    """What ties a cursor to its listing: the filters, order, search and as-of of a query,
    not its page."""
    return fingerprint(
        [
            query.resource,
            [[c.field, c.op, _fp_value(c.value)] for c in query.all_conditions],
            [str(k) for k in query.sort],
            query.q,
            _fp_value(query.as_of),
        ]
    )


def _fp_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_fp_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return getattr(value, "value", value)


def row_cursor(
    resource: Resource, query: ListQuery, row: Mapping[str, Any], *, key: bytes, query_fingerprint: str
) -> str:
    """The cursor after ``row`` in ``query``'s order: its values of the effective sort
    (``keyset.effective_sort``), the one rule every face and the batched child pages use."""
    keys = effective_sort(resource, query.sort)
    values = [row[k.field] for k in keys]
    return encode_cursor(key=key, query_fingerprint=query_fingerprint, values=values)
