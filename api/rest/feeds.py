"""Feeds people subscribe to: an Atom feed of events (``/v1/events.atom``) and an
iCalendar feed of mandate expiry dates (``/v1/mandates.ics``). Both accept the list
filters of their resource, parsed by the same REST parser into the same ListQuery."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import replace

from starlette.requests import Request
from starlette.responses import Response

from api.access import Access
from api.errors import BadRequest, FieldProblem
from api.query import RESOURCES, Condition, ListQuery, SortKey, Store
from api.rest.params import parse_list
from api.rest.render import CACHE_CONTROL
from api.service.public_url import public_base

__all__ = ["FEED_EXCLUDED", "atom_endpoint", "ics_endpoint"]

# List parameters a feed does not take: it is one document, in its own format.
FEED_EXCLUDED = ("format", "fields", "expand", "cursor")
ATOM = "application/atom+xml; charset=utf-8"
ICS = "text/calendar; charset=utf-8"
_NS = "http://www.w3.org/2005/Atom"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _access(request: Request) -> Access:
    access: Access = request.app.state.access
    return access


def _query(request: Request, resource: str, default_sort: tuple[SortKey, ...]) -> ListQuery:
    items = list(request.query_params.multi_items())
    refused = [FieldProblem(k, "is not a parameter of a feed") for k, _ in items if k in FEED_EXCLUDED]
    if refused:
        raise BadRequest("; ".join(f"{p.field}: {p.message}" for p in refused), errors=refused)
    query = parse_list(RESOURCES[resource], items).query
    return query if query.sort else replace(query, sort=default_sort)


def _base(request: Request) -> str:
    return public_base(request)


def _text(value: str | None) -> str:
    return _XML_BAD.sub("", value or "")


async def atom_endpoint(request: Request) -> Response:
    """The newest events first (50 by default), with the event filters."""
    query = _query(request, "events", (SortKey("date", descending=True),))
    rows = (await _access(request).query(Store.list, query)).rows
    base = _base(request)
    ET.register_namespace("", _NS)
    feed = ET.Element(f"{{{_NS}}}feed")

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_NS}}}{tag}", attrs)
        if text is not None:
            element.text = _text(text)
        return element

    add(feed, "id", str(request.url))
    add(feed, "title", "peaceops: events")
    add(feed, "subtitle", "Dated happenings of peace operations, every one sourced (data CC BY 4.0).")
    latest = max((r["date"] for r in rows), default="2000-01-01")
    add(feed, "updated", f"{latest}T00:00:00Z")
    add(add(feed, "author"), "name", "peaceops")
    add(feed, "link", rel="self", href=str(request.url))
    add(feed, "rights", "Data licensed CC BY 4.0")
    for row in rows:
        entry = add(feed, "entry")
        add(entry, "id", f"{base}/v1/events/{row['id']}")
        add(entry, "title", row["title"])
        add(entry, "updated", f"{row['date']}T00:00:00Z")
        add(entry, "published", f"{row['date']}T00:00:00Z")
        add(entry, "link", rel="alternate", href=f"{base}/v1/events/{row['id']}")
        add(entry, "category", term=row["kind"])
        summary = row["summary"] or row["title"]
        if row["location"]:
            summary += f" ({row['location']})"
        add(entry, "summary", summary)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
    return Response(body, media_type=_atom_media(request), headers={"Cache-Control": CACHE_CONTROL})


def _atom_media(request: Request) -> str:
    """application/atom+xml, or text/xml for a client that asks for plain XML only."""
    accept = request.headers.get("accept", "")
    if "atom" not in accept and ("text/xml" in accept or "application/xml" in accept):
        return "text/xml; charset=utf-8"
    return ATOM


def _ics_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    value = _text(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> Iterable[str]:
    """Content lines of at most 75 octets, continued with a leading space."""
    encoded = line.encode()
    limit = 75
    while len(encoded) > limit:
        cut = limit
        while cut > 0 and (encoded[cut] & 0xC0) == 0x80:  # not inside a UTF-8 character
            cut -= 1
        yield encoded[:cut].decode()
        encoded = b" " + encoded[cut:]
        limit = 75
    yield encoded.decode()


def _day(iso: str) -> str:
    return iso.replace("-", "")


async def ics_endpoint(request: Request) -> Response:
    """Each mandate with an expiry date, as an all-day event on that date."""
    query = _query(request, "mandates", (SortKey("expires_on"),))
    query = replace(query, scope=(Condition("expires_on", "isnull", False),))
    rows = (await _access(request).query(Store.list, query)).rows
    base = _base(request)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//peaceops//mandate expiries//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:peaceops: mandate expiries",
    ]
    for row in rows:
        expires = row["expires_on"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{row['id']}-expires@peaceops",
            f"DTSTAMP:{_day(row['adopted_on'])}T000000Z",
            f"DTSTART;VALUE=DATE:{_day(expires)}",  # no DTEND: an all-day event of one day
            "SUMMARY:" + _ics_text(f"{row['symbol']} expires ({row['mission']})"),
            "DESCRIPTION:"
            + _ics_text(
                f"The mandate of {row['mission']} under {row['symbol']}, adopted on "
                f"{row['adopted_on']}, expires on {expires}."
            ),
            f"URL:{base}/v1/mandates/{row['id']}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    body = "".join(f"{folded}\r\n" for line in lines for folded in _fold(line))
    return Response(body.encode(), media_type=ICS, headers={"Cache-Control": CACHE_CONTROL})
