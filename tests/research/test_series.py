"""Series: the mission's figure over time with its sources and levels (a sum of the
contributors' own figures before the first mission-wide report), and reference lines
once each with their validity interval, in JSON, CSV and GraphQL alike."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

from tests.research.conftest import assert_same

SERIES = """query($id: ID!, $metric: Metric!, $contributor: ID) { mission(id: $id) {
  series(metric: $metric, contributor: $contributor) { missionId metric contributorId rules
    points { date value unit level { value low high unit } basis confidence increment note
             observationId observationIds sources { id } }
    referenceLines { kind value low high unit validFrom validTo mandateId observationId
                     mandateIds observationIds sources { id } } } } }"""


def _csv(client: TestClient, mission: str, **params: Any) -> list[dict[str, str]]:
    response = client.get(f"/v1/missions/{mission}/series", params={**params, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_deployed_series_begins_with_kenyas_first_contingent(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    body = rest("/v1/missions/mss-haiti/series", metric="personnel_deployed")
    levels = [(p["date"], p["basis"], p["level"]["low"], p["level"]["high"]) for p in body["points"]]
    assert levels == [
        # No mission-wide count yet: Kenya's first contingent, 200 (Inspector-General, AP) or
        # 400 (AlterPresse), then 400 after the second (a total that counts that day's 200).
        ("2024-06-25", "contributors", 200, 400),
        ("2024-07-16", "contributors", 400, 400),
        ("2024-09-01", "mission", 400, 400),  # the story article (dated to its month)
        ("2024-09-30", "mission", 410, 410),
        ("2024-11-01", "mission", 430, 430),
        ("2025-01-01", "mission", 807, 807),
        ("2025-02-01", "mission", 800, 900),  # AFP ("under 800") and AP ("nearly 900") disagree
        ("2025-02-01", "mission", 800, 900),
        ("2025-02-06", "mission", 1000, 1000),
        ("2025-09-24", "mission", 989, 989),
        ("2025-09-30", "mission", 970, 970),
    ]
    first = body["points"][0]
    assert (first["value"], first["observation"], first["confidence"]) == (None, None, "disputed")
    assert sorted(first["observations"]) == [
        "mss-deployed-ken-2024-06-25-alterpresse",
        "mss-deployed-ken-2024-06-25-ap",
        "mss-deployed-ken-2024-06-25-kpig",
    ]
    assert "kenya 200 to 400" in first["note"]
    assert all(p["sources"] for p in body["points"])
    assert [p["value"] for p in body["points"][5:7]] == [807, 800]
    assert_same(body, graph(SERIES, id="mss-haiti", metric="PERSONNEL_DEPLOYED")["mission"]["series"])


def test_a_series_level_is_the_snapshot_figure_of_its_date(rest: Callable[..., Any]) -> None:
    body = rest("/v1/missions/mss-haiti/series", metric="personnel_deployed")
    for point in body["points"]:
        snapshot = rest("/v1/missions/mss-haiti/snapshot", as_of=point["date"])
        [deployed] = [f for f in snapshot["figures"] if f["metric"] == "personnel_deployed"]
        level = point["level"]
        assert (deployed["value"], deployed["low"], deployed["high"], deployed["basis"]) == (
            level["value"],
            level["low"],
            level["high"],
            point["basis"],
        ), point["date"]


def test_reference_lines_appear_once_each_with_their_interval(
    rest: Callable[..., Any], client: TestClient
) -> None:
    body = rest("/v1/missions/mss-haiti/series", metric="personnel_deployed")
    # Planned strength of 2,500, reported twice (AP in July, an article in September): one line.
    [planned] = body["reference_lines"]
    assert (planned["kind"], planned["value"], planned["valid_from"], planned["valid_to"]) == (
        "personnel_planned",
        2500,
        "2024-07-03",
        None,
    )
    assert planned["observations"] == ["mss-planned-2024-07-03-ap", "mss-planned-2024-09-29-article"]
    assert [s["id"] for s in planned["sources"]] == ["ap-kesq-2024-07-03", "article-2024-09-mss-extension"]
    rows = _csv(client, "mss-haiti", metric="personnel_deployed")
    assert rows[0]["kind"] == "point" and rows[0]["date"] == "2024-06-25"
    lines = [r for r in rows if r["kind"] != "point"]
    assert [(r["kind"], r["date"], r["valid_to"], r["level_value"]) for r in lines] == [
        ("personnel_planned", "2024-07-03", "", "2500")
    ]
    keys = [(r["kind"], r["date"], r["valid_to"], r["level_value"]) for r in rows if r["kind"] != "point"]
    assert len(keys) == len(set(keys))


def test_cost_estimates_are_lines_over_the_months_they_held(rest: Callable[..., Any]) -> None:
    body = rest("/v1/missions/mss-haiti/series", metric="funding_deposited")
    lines = [(x["value"], x["valid_from"], x["valid_to"]) for x in body["reference_lines"]]
    assert lines == [  # $600M, then $240M, then $600M again: the latest report replaces
        (600_000_000, "2023-11-09", "2024-03-31"),
        (240_000_000, "2024-04-01", "2024-08-31"),
        (600_000_000, "2024-09-01", None),
    ]


def test_ceilings_run_until_an_instrument_changes_them(rest: Callable[..., Any]) -> None:
    gsf = rest("/v1/missions/gang-suppression-force/series", metric="personnel_deployed")
    lines = {(x["kind"], x["value"], x["mandate"], x["valid_to"]) for x in gsf["reference_lines"]}
    assert ("ceiling_total", 5550, "s-res-2793-2025", None) in lines
    assert ("personnel_authorized", 5550, None, None) in lines
    minustah = rest("/v1/missions/minustah/series", metric="personnel_deployed")
    police = [x for x in minustah["reference_lines"] if x["kind"] == "ceiling_police"]
    # 2,601 police from S/RES/2070 (2012), restated by four renewals, until the last mandate ran out
    last = police[-1]
    assert (last["value"], last["valid_from"], last["valid_to"]) == (2601, "2012-10-16", "2017-10-15")
    assert last["mandates"] == [
        "s-res-2070-2012",
        "s-res-2119-2013",
        "s-res-2180-2014",
        "s-res-2243-2015",
        "s-res-2313-2016",
    ]
    # an instrument that sets no ceiling (S/RES/1576 (2004)) leaves S/RES/1542's standing
    assert (police[0]["value"], police[0]["valid_to"]) == (1622, "2006-08-15")
    intervals = [(x["valid_from"], x["valid_to"]) for x in police]
    for (_, end), (start, _) in itertools.pairwise(intervals):
        assert end is not None and end < start


def test_kenya_series_starts_with_the_disputed_first_contingent(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    body = rest("/v1/missions/mss-haiti/series", metric="personnel_deployed", contributor="kenya")
    first = [p for p in body["points"] if p["date"] == "2024-06-25"]
    assert sorted(p["value"] for p in first) == [200, 200, 400]
    assert first[0]["level"] == {"value": None, "low": 200, "high": 400, "unit": "persons"}
    assert {p["basis"] for p in body["points"]} == {None}
    by_date = {p["date"]: p["level"] for p in body["points"]}
    assert by_date["2024-07-16"]["value"] == 400  # Haitify's total counts that day's contingent
    # the fourth contingent, 144, 140 or 200 (one arrival), on top of 834
    assert (by_date["2025-02-06"]["low"], by_date["2025-02-06"]["high"]) == (974, 1034)
    assert body["points"][-1]["value"] == 735  # Capital FM, 24 September 2025
    data = graph(SERIES, id="mss-haiti", metric="PERSONNEL_DEPLOYED", contributor="kenya")
    assert_same(body, data["mission"]["series"])


def test_series_csv_levels_add_tranches(client: TestClient) -> None:
    rows = _csv(client, "mss-haiti", metric="funding_pledged", contributor="canada")
    points = [(r["date"], r["unit"], r["increment"], r["level_value"]) for r in rows if r["kind"] == "point"]
    assert points == [("2024-02-01", "cad", "false", "80500000"), ("2024-06-26", "cad", "true", "86200000")]
    assert {r["kind"] for r in rows} == {"point", "cost_estimate"}


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
