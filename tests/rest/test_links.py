"""A list's links are the request's own URL, whatever URLs came before it: the links are
remembered by what they are made of (``api.rest.links``), never by the path alone."""

from __future__ import annotations

from starlette.testclient import TestClient


def test_links_follow_the_host_and_the_query(client: TestClient) -> None:
    seen = {}
    for host in ("a.example", "b.example:8080", "a.example"):
        for query in ("limit=2", "limit=1&sort=-date"):
            response = client.get(f"/v1/events?{query}", headers={"Host": host})
            assert response.status_code == 200, response.text
            links = response.json()["links"]
            assert links["self"] == f"http://{host}/v1/events?{query}"
            assert links["next"].startswith(f"http://{host}/v1/events?{query}&cursor=")
            assert response.headers["link"] == f'<{links["next"]}>; rel="next"'
            seen.setdefault((host, query), links)
            assert seen[(host, query)] == links


def test_the_next_link_replaces_the_cursor(client: TestClient) -> None:
    first = client.get("/v1/events?limit=2").json()
    second = client.get(first["links"]["next"]).json()
    assert second["links"]["self"] == first["links"]["next"]
    next_url = second["links"]["next"]
    assert next_url.count("cursor=") == 1 and next_url.endswith("cursor=" + second["meta"]["next_cursor"])
