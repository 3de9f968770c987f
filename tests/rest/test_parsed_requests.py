"""List endpoints remember their parsed requests by query string (``api.rest.parsed``):
a remembered parse must answer exactly as a fresh one, refusals are never remembered,
and a nested route's parent is part of what is remembered."""

from __future__ import annotations

from starlette.testclient import TestClient


def test_a_repeated_query_string_gets_the_same_answer(client: TestClient) -> None:
    url = "/v1/events?mission=mss-haiti&sort=-date&limit=3&fields=id,date"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() and first.headers["etag"] == second.headers["etag"]
    paged = client.get(url.replace("limit=3", "limit=3&cursor=" + first.json()["meta"]["next_cursor"]))
    assert paged.status_code == 200 and paged.json()["data"] != first.json()["data"]


def test_a_refusal_is_refused_every_time(client: TestClient) -> None:
    for _ in range(2):
        response = client.get("/v1/events?date__gte=yesterday")
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")


def test_the_same_query_string_under_two_parents(client: TestClient) -> None:
    missions = [
        m["id"] for m in client.get("/v1/missions?host_country=HTI&limit=2&sort=-start_date").json()["data"]
    ]
    answers = {m: client.get(f"/v1/missions/{m}/events?limit=50").json()["data"] for m in missions}
    for mission, events in answers.items():
        assert all(e["mission"] == mission for e in events)
    assert answers[missions[0]] != answers[missions[1]]
