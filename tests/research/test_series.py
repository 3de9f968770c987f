"""Series: the dated values of a metric with their sources, levels and reference lines."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

from tests.research.conftest import assert_same

SERIES = """query($metric: Metric!, $contributor: ID) { mission(id: "mss-haiti") {
  series(metric: $metric, contributor: $contributor) { missionId metric contributorId
    points { date value unit level { value low high } confidence increment observationId sources { id } }
    referenceLines { kind value unit validFrom validTo mandateId observationId sources { id } } } } }"""


def test_deployed_series_rises_from_the_first_figure_to_the_latest(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    body = rest("/v1/missions/mss-haiti/series", metric="personnel_deployed")
    values = [(p["date"], p["value"]) for p in body["points"]]
    assert values == [
        ("2024-09-01", 400),  # the story article (dated to its month)
        ("2024-09-30", 410),
        ("2024-11-01", 430),
        ("2025-01-01", 807),
        ("2025-02-01", 800),  # AFP ("under 800") and AP ("nearly 900") disagree
        ("2025-02-01", 900),
        ("2025-02-06", 1000),
        ("2025-09-24", 989),
        ("2025-09-30", 970),
    ]
    assert all(p["sources"] for p in body["points"])
    planned = [line for line in body["reference_lines"] if line["kind"] == "personnel_planned"]
    assert {line["value"] for line in planned} == {2500}
    assert_same(body, graph(SERIES, metric="PERSONNEL_DEPLOYED")["mission"]["series"])


def test_kenya_series_starts_with_the_disputed_first_contingent(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    body = rest("/v1/missions/mss-haiti/series", metric="personnel_deployed", contributor="kenya")
    first = [p for p in body["points"] if p["date"] == "2024-06-25"]
    assert sorted(p["value"] for p in first) == [200, 200, 400]
    assert first[0]["level"] == {"value": None, "low": 200, "high": 400, "unit": "persons"}
    assert body["points"][-1]["value"] == 735  # Capital FM, 24 September 2025
    assert_same(body, graph(SERIES, metric="PERSONNEL_DEPLOYED", contributor="kenya")["mission"]["series"])


def test_ceilings_are_reference_lines(rest: Callable[..., Any]) -> None:
    body = rest("/v1/missions/gang-suppression-force/series", metric="personnel_deployed")
    lines = {(line["kind"], line["value"], line["mandate"]) for line in body["reference_lines"]}
    assert ("ceiling_total", 5550, "s-res-2793-2025") in lines
    assert ("personnel_authorized", 5550, None) in lines


def test_series_csv_levels_add_tranches(client: TestClient) -> None:
    response = client.get(
        "/v1/missions/mss-haiti/series",
        params={"metric": "funding_pledged", "contributor": "canada", "format": "csv"},
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["date"], r["unit"], r["increment"], r["level_value"]) for r in rows] == [
        ("2024-02-01", "cad", "false", "80500000.0"),
        ("2024-06-26", "cad", "true", "86200000.0"),
    ]


def test_series_bad_input(client: TestClient) -> None:
    unknown = client.get("/v1/missions/mss-haiti/series", params={"metric": "troops"})
    assert unknown.status_code == 400
    assert "personnel_deployed" in unknown.json()["errors"][0]["allowed"]
    missing = client.get("/v1/missions/mss-haiti/series")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "metric"
    bad_format = client.get(
        "/v1/missions/mss-haiti/series", params={"metric": "cost_estimate", "format": "xls"}
    )
    assert bad_format.json()["errors"][0]["allowed"] == ["json", "csv"]
    nobody = client.get(
        "/v1/missions/mss-haiti/series", params={"metric": "cost_estimate", "contributor": "x"}
    )
    assert nobody.status_code == 404
    early = client.get(
        "/v1/missions/mss-haiti/series", params={"metric": "cost_estimate", "as_of": "1999-01-01"}
    )
    assert early.status_code == 200 and early.json()["points"] == []
