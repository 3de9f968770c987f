"""/metrics in the Prometheus text format."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from tests.service.conftest import MakeClient


def _samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def _value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_route_template(client: TestClient) -> None:
    before = _samples(client)
    client.get("/v1/missions/mss-haiti")
    client.get("/v1/missions/binuh")
    client.get("/v1/missions/nope")
    client.get("/no/such/path/123")
    after = _samples(client)
    route = "/v1/missions/{id}"

    def delta(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert delta("peaceops_http_requests_total", method="GET", route=route, status="200") == 2
    assert delta("peaceops_http_requests_total", method="GET", route=route, status="404") == 1
    assert delta("peaceops_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert delta("peaceops_http_request_duration_seconds_count", method="GET", route=route) == 3
    assert not any("/v1/missions/mss-haiti" in str(key) for key in after)


def test_graphql_operations_and_cost(client: TestClient) -> None:
    before = _samples(client)
    client.post("/graphql", json={"query": "{ missions(first: 7) { nodes { id } } }"})
    client.post(
        "/graphql",
        json={"query": "{ missions(first: 500) { nodes { mandates(first: 500) { nodes { id } } } } }"},
    )
    client.post("/graphql", json={"query": "{ nope }"})
    after = _samples(client)

    def delta(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert delta("peaceops_graphql_operations_total", outcome="ok") == 1
    assert delta("peaceops_graphql_operations_total", outcome="refused") == 2
    assert delta("peaceops_graphql_query_cost_count") == 2
    assert delta("peaceops_graphql_query_cost_sum") == 7 + 500 + 500 * 500


def test_pool_and_refusals(make_client: MakeClient) -> None:
    with make_client(rate_limit=1) as client:
        before = _samples(client)
        client.get("/v1/missions?limit=1")
        assert client.get("/v1/missions?limit=1").status_code == 429
        after = _samples(client)
    assert (
        _value(after, "peaceops_ratelimit_refusals_total")
        - _value(before, "peaceops_ratelimit_refusals_total")
        == 1
    )
    assert _value(after, "peaceops_db_connections_in_use") == 0  # every connection went back
    assert ("peaceops_db_connections_opened_total", ()) in after
