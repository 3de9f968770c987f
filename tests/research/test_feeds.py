"""The Atom feed of events and the iCalendar feed of mandate expiries, read back with
real parsers (feedparser, icalendar)."""

from __future__ import annotations

import datetime as dt

import feedparser
import icalendar
import pytest
from starlette.testclient import TestClient


def test_atom_feed_of_kenya_events_is_valid_and_filtered(client: TestClient) -> None:
    response = client.get("/v1/events.atom", params={"actor": "kenya", "limit": 5})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and len(feed.entries) == 5
    listed = client.get("/v1/events", params={"actor": "kenya", "limit": 5, "sort": "-date"}).json()["data"]
    assert [e.link for e in feed.entries] == [f"http://testserver/v1/events/{r['id']}" for r in listed]
    assert [e.title for e in feed.entries] == [r["title"] for r in listed]
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_atom_feed_takes_search_and_as_of(client: TestClient) -> None:
    response = client.get("/v1/events.atom", params={"q": "Kenya", "as_of": "2023-12-31", "limit": 50})
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.entries
    assert all(e.updated[:10] <= "2023-12-31" for e in feed.entries)


def test_mandate_expiry_calendar_is_valid(client: TestClient) -> None:
    response = client.get("/v1/mandates.ics", params={"mission__in": "mss-haiti,gang-suppression-force"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert all(len(line.encode()) <= 75 for line in response.text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [(str(e["SUMMARY"]), e["DTSTART"].dt, str(e["UID"])) for e in calendar.walk("VEVENT")]
    # Only mandates whose expiry the sources state: 2699 and 2793 set twelve months, no date.
    assert events == [
        ("S/RES/2751 (2024) expires (mss-haiti)", dt.date(2025, 10, 2), "s-res-2751-2024-expires@peaceops"),
    ]


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/v1/events.atom", {"format": "csv"}, "format"),
        ("/v1/events.atom", {"date__gte": "yesterday"}, "date__gte"),
        ("/v1/mandates.ics", {"abstainer": ""}, "abstainer"),
        ("/v1/mandates.ics", {"cursor": "x"}, "cursor"),
    ],
)
def test_feed_bad_input_is_400(client: TestClient, url: str, params: dict[str, str], field: str) -> None:
    response = client.get(url, params=params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
