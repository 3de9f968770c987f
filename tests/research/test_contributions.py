"""Contributions and gaps, pinned to the Haiti dataset: latest replaces, tranches add,
disagreement is a range, currencies never mix; REST and GraphQL agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

from tests.research.conftest import assert_same

CONTRIBUTORS = """query($asOf: Date) { mission(id: "mss-haiti") { contributors(asOf: $asOf) {
  missionId asOf rules
  contributors { contributorId
    personnel { unit deliveredMetric note pledged { value low high asOf reports { id } }
                delivered { value low high } gap { value low high unit } }
    funding { unit note pledged { value } delivered { value } gap { value } } }
  funding { costEstimate { value unit } pledged { value basis } deposited { value }
            gapPledged { value } gapDeposited { value } note } } } }"""


def _by_contributor(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["contributor"]: c for c in body["contributors"]}


def _triple(figure: dict[str, Any] | None) -> tuple[Any, Any, Any] | None:
    return None if figure is None else (figure["value"], figure["low"], figure["high"])


def test_benin_pledged_2000_and_deployed_none(rest: Callable[..., Any]) -> None:
    [benin] = _by_contributor(rest("/v1/missions/mss-haiti/contributors", as_of="2025-06-01"))["benin"][
        "personnel"
    ]
    assert _triple(benin["pledged"]) == (2000, 2000, 2000)
    assert benin["delivered"] is None
    assert benin["gap"] == {"value": 2000, "low": 2000, "high": 2000, "unit": "persons"}
    assert "counted as none" in benin["note"]


def test_latest_replaces_and_disagreement_is_a_range(rest: Callable[..., Any]) -> None:
    people = _by_contributor(rest("/v1/missions/mss-haiti/contributors", as_of="2025-06-01"))
    [kenya] = people["kenya"]["personnel"]
    assert (_triple(kenya["pledged"]), _triple(kenya["delivered"])) == ((1000, 1000, 1000), (800, 800, 800))
    [jamaica] = people["jamaica"]["personnel"]  # pledged 200 or 250; 21 on rotation replaces 24
    assert _triple(jamaica["pledged"]) == (None, 200, 250)
    assert _triple(jamaica["delivered"]) == (21, 21, 21)
    assert (jamaica["gap"]["low"], jamaica["gap"]["high"]) == (179, 229)
    [guatemala] = people["guatemala"]["personnel"]  # 75, then 150 in total: not 225
    assert _triple(guatemala["delivered"]) == (150, 150, 150)


def test_later_tranches_add_and_currencies_never_mix(rest: Callable[..., Any]) -> None:
    early = _by_contributor(rest("/v1/missions/mss-haiti/contributors", as_of="2023-12-01"))
    [usa] = early["united-states"]["funding"]  # the $100M offered in September 2023
    assert usa["pledged"]["value"] == 100_000_000 and usa["gap"]["value"] == 100_000_000
    later = _by_contributor(rest("/v1/missions/mss-haiti/contributors", as_of="2025-06-01"))
    [usa] = later["united-states"]["funding"]  # the later running total replaces both
    assert (usa["pledged"]["value"], usa["delivered"]["value"]) == (300_000_000, 15_000_000)
    cad, usd = later["canada"]["funding"]  # CAD 80.5M + 5.7M pledged; USD 8.7M deposited
    assert (cad["unit"], cad["pledged"]["value"], cad["gap"]) == ("cad", 86_200_000, None)
    assert (usd["unit"], usd["delivered"]["value"], usd["gap"]) == ("usd", 8_700_000, None)
    assert "not comparable" in cad["note"] and "not comparable" in usd["note"]


def test_mission_funding_gap_against_the_cost_estimate(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    body = rest("/v1/missions/mss-haiti/contributors", as_of="2025-06-01")
    funding = body["funding"]
    assert (funding["cost_estimate"]["value"], funding["cost_estimate"]["unit"]) == (
        600_000_000,
        "usd_per_year",
    )
    # $110.3M pledged by the end of 2024 (KBC); "more than $110 million" paid in, February 2025
    assert (funding["pledged"]["value"], funding["deposited"]["value"]) == (110_300_000, 110_000_000)
    assert funding["gap_pledged"]["value"] == 489_700_000
    assert funding["gap_deposited"]["value"] == 490_000_000
    assert "cad" in funding["note"]
    assert_same(body, graph(CONTRIBUTORS, asOf="2025-06-01")["mission"]["contributors"])


def test_contributors_before_any_record_is_empty(rest: Callable[..., Any], client: TestClient) -> None:
    body = rest("/v1/missions/mss-haiti/contributors", as_of="2001-01-01")
    assert body["contributors"] == [] and body["funding"]["gap_pledged"] is None
    assert client.get("/v1/missions/mss-haiti/contributors", params={"as_of": "soon"}).status_code == 400
    assert client.get("/v1/missions/nowhere/contributors").status_code == 404


def test_one_arrival_reported_three_ways_adds_as_a_range(rest: Callable[..., Any]) -> None:
    # Kenya's fourth contingent of 6 February 2025: 144, 140 or 200 officers, one arrival,
    # on top of 617 (January, with the 218 of that month) and the 217 of 18 January.
    people = _by_contributor(rest("/v1/missions/mss-haiti/contributors", as_of="2025-02-10"))
    [kenya] = people["kenya"]["personnel"]
    assert _triple(kenya["delivered"]) == (None, 974, 1034)
    assert (kenya["gap"]["low"], kenya["gap"]["high"]) == (-34, 26)
