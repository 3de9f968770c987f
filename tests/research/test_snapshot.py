"""Missions as of a day, and the mission snapshot, pinned to the Haiti dataset; REST and
GraphQL give the same answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

from tests.research.conftest import assert_same

SNAPSHOT = """query($id: ID!, $asOf: Date) { mission(id: $id) { snapshot(asOf: $asOf) {
  missionId asOf status daysToExpiry mandateNote mandate { id symbol expiresOn }
  figures { metric value low high unit asOf agreed basis reports { id value confidence sources { id } } }
} } }"""


def _statuses(rest: Callable[..., Any], **params: Any) -> dict[str, str]:
    """The Haiti missions' statuses."""
    return {m["id"]: m["status"] for m in rest("/v1/missions", host_country="HTI", **params)["data"]}


def test_missions_as_of_a_day_have_their_status_on_that_day(rest: Callable[..., Any]) -> None:
    assert _statuses(rest, as_of="2010-01-01") == {
        **dict.fromkeys(("unmih", "unsmih", "untmih", "miponuh", "mif-haiti-2004"), "completed"),
        "minustah": "active",
    }
    on_handover = _statuses(rest, as_of="2025-09-30")
    assert on_handover["mss-haiti"] == "active"  # the end date is the last day in operation
    assert on_handover["gang-suppression-force"] == "active"
    later = _statuses(rest, as_of="2025-10-01")
    assert later["mss-haiti"] == "transformed" and later["minujusth"] == "completed"
    assert _statuses(rest, as_of="1990-01-01") == {}


def test_status_filter_and_sort_use_the_status_on_that_day(rest: Callable[..., Any]) -> None:
    active = rest(
        "/v1/missions", as_of="2024-11-15", status="active", sort="-start_date", host_country="HTI"
    )["data"]
    assert [m["id"] for m in active] == ["mss-haiti", "binuh"]
    page = rest("/v1/missions", as_of="2024-11-15", sort="status", limit=2)
    nxt = rest("/v1/missions", as_of="2024-11-15", sort="status", limit=2, cursor=page["meta"]["next_cursor"])
    statuses = [m["status"] for m in page["data"] + nxt["data"]]
    assert statuses == sorted(statuses)


def test_snapshot_of_mss_in_november_2024(rest: Callable[..., Any], graph: Callable[..., Any]) -> None:
    body = rest("/v1/missions/mss-haiti/snapshot", as_of="2024-11-15")
    assert body["status"] == "active"
    assert body["mandate"]["symbol"] == "S/RES/2751 (2024)"
    assert body["days_to_expiry"] == 321  # until 2 October 2025
    figures = {f["metric"]: f for f in body["figures"]}
    deployed = figures["personnel_deployed"]
    assert (deployed["value"], deployed["as_of"], deployed["basis"]) == (430, "2024-11-01", "mission")
    assert [r["sources"][0]["id"] for r in deployed["reports"]] == ["haitichronicle-mss-strength-2024-11"]
    assert figures["cost_estimate"]["value"] == 600_000_000
    assert figures["funding_deposited"]["value"] == 68_000_000  # of $85M pledged, by 11 October 2024 (AP)
    assert len(body["dataset_version"]) == 32
    data = graph(SNAPSHOT, id="mss-haiti", asOf="2024-11-15")
    assert_same(body, data["mission"]["snapshot"])


def test_snapshot_keeps_disagreeing_reports_side_by_side(rest: Callable[..., Any]) -> None:
    body = rest("/v1/missions/mss-haiti/snapshot", as_of="2024-07-01")
    deployed = {f["metric"]: f for f in body["figures"]}["personnel_deployed"]
    # No mission-wide figure yet: Kenya's first contingent, 200 (Inspector-General, AP) or 400
    # (AlterPresse), and the second contingent's 400 in total (Haitify) or 200 more.
    assert deployed["basis"] == "contributors"
    assert (deployed["value"], deployed["low"], deployed["high"], deployed["agreed"]) == (
        None,
        200,
        400,
        False,
    )
    assert sorted((r["value"], r["sources"][0]["id"]) for r in deployed["reports"]) == [
        (200, "ap-kesq-2024-07-03"),
        (200, "kenya-police-ig-nairobileo-2024-07-06"),
        (400, "haitify-alterpresse-2024-06-25"),
    ]
    assert body["mandate"]["symbol"] == "S/RES/2699 (2023)"


def test_snapshot_before_the_mission_is_empty_not_an_error(rest: Callable[..., Any]) -> None:
    body = rest("/v1/missions/mss-haiti/snapshot", as_of="2000-01-01")
    assert (body["status"], body["mandate"], body["figures"]) == ("planned", None, [])
    assert body["mandate_note"] == "No mandate of this mission is recorded on or before 2000-01-01."


def test_snapshot_says_why_no_mandate_is_in_force(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    in_force = rest("/v1/missions/mss-haiti/snapshot", as_of="2025-10-02")  # its last day
    assert (in_force["mandate"]["symbol"], in_force["mandate_note"]) == ("S/RES/2751 (2024)", None)
    assert in_force["days_to_expiry"] == 0
    after = rest("/v1/missions/mss-haiti/snapshot", as_of="2025-10-03")
    assert (after["mandate"], after["days_to_expiry"]) == (None, None)
    assert after["mandate_note"] == (
        "No mandate in force: the last one recorded, S/RES/2751 (2024), was in force until "
        "2025-10-02 (its last day)."
    )
    assert_same(after, graph(SNAPSHOT, id="mss-haiti", asOf="2025-10-03")["mission"]["snapshot"])
    # MINUJUSTH was established in April 2017 to take over from MINUSTAH in October.
    pending = rest("/v1/missions/minujusth/snapshot", as_of="2017-05-01")
    assert pending["mandate_note"] == (
        "No mandate in force yet: S/RES/2350 (2017), adopted on 2017-04-13, takes effect on 2017-10-16."
    )


def test_snapshot_bad_input(client: TestClient) -> None:
    bad = client.get("/v1/missions/mss-haiti/snapshot", params={"as_of": "2024-13-01"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "as_of"
    unknown = client.get("/v1/missions/mss-haiti/snapshot", params={"when": "2024-01-01"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["allowed"] == ["as_of"]
    assert client.get("/v1/missions/atlantis/snapshot").status_code == 404
