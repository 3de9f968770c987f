"""The questions researchers ask, answered through HTTP requests to the app, pinned to the
Haiti dataset. These are also the dataset's fact tests: each fact family read back."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient


def _data(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_mss_mandate_chain_in_order_with_tallies_and_dates(client: TestClient) -> None:
    rows = _data(client, "/v1/mandates", mission__in="mss-haiti,gang-suppression-force", sort="adopted_on")
    chain = [
        (r["symbol"], r["adopted_on"], r["action"], r["votes_for"], r["votes_against"], r["abstentions"])
        for r in rows
    ]
    assert chain == [
        ("S/RES/2699 (2023)", "2023-10-02", "establish", 13, 0, 2),
        ("S/RES/2751 (2024)", "2024-09-30", "extend", 15, 0, 0),
        ("S/RES/2793 (2025)", "2025-09-30", "transform", 12, 0, 3),
    ]
    assert rows[1]["expires_on"] == "2025-10-02"
    assert rows[0]["penholders"] == ["united-states", "ecuador"]


def test_abstainers_on_2699_are_china_and_russia(client: TestClient) -> None:
    votes = _data(client, "/v1/mandates/s-res-2699-2023/votes", limit=20)
    assert len(votes) == 15
    assert sorted(v["member"] for v in votes if v["vote"] == "abstain") == ["china", "russian-federation"]
    assert {v["vote"] for v in votes} == {"yes", "abstain"}


def test_abstainers_on_2793_include_pakistan(client: TestClient) -> None:
    votes = _data(client, "/v1/votes", mandate="s-res-2793-2025", vote="abstain")
    assert sorted(v["member"] for v in votes) == ["china", "pakistan", "russian-federation"]


def test_resolutions_china_abstained_on(client: TestClient) -> None:
    rows = _data(client, "/v1/mandates", abstainer="china", fields="symbol")
    assert [r["symbol"] for r in rows] == [
        "S/RES/2410 (2018)",
        "S/RES/2476 (2019)",
        "S/RES/2547 (2020)",
        "S/RES/2699 (2023)",
        "S/RES/2793 (2025)",
    ]


def test_mandate_in_force_in_november_2024_is_2751(client: TestClient) -> None:
    rows = _data(client, "/v1/missions/mss-haiti/mandates", in_force_on="2024-11-15")
    assert [r["symbol"] for r in rows] == ["S/RES/2751 (2024)"]


def test_planned_versus_deployed(client: TestClient) -> None:
    planned = _data(client, "/v1/missions/mss-haiti/observations", metric="personnel_planned")
    assert {p["value"] for p in planned} == {2500}
    deployed = _data(
        client,
        "/v1/missions/mss-haiti/observations",
        metric="personnel_deployed",
        contributor__isnull="true",
        sort="as_of",
    )
    values = [(d["as_of"], d["value"]) for d in deployed]
    # the story article's "around 400" (dated to its month) first, EFE's 970 at the handover last
    assert values[0] == ("2024-09-01", 400) and values[-1] == ("2025-09-30", 970)
    assert max(v for _, v in values) < 2500


def test_conflicting_reports_stay_separate(client: TestClient) -> None:
    first = _data(
        client,
        "/v1/observations",
        contributor="kenya",
        metric="personnel_deployed",
        as_of="2024-06-25",
        as_of__gte="2024-06-25",
        expand="sources",
    )
    assert sorted(o["value"] for o in first) == [200, 200, 400]  # Inspector-General, AP; AlterPresse
    assert all(o["confidence"] == "disputed" and len(o["sources"]) == 1 for o in first)
    jamaica = _data(
        client, "/v1/contributors/jamaica/observations", metric="personnel_pledged", expand="sources"
    )
    assert sorted(o["value"] for o in jamaica) == [200, 250]
    # each report cites only the outlet that states its value
    assert len({o["sources"][0]["id"] for o in jamaica}) == 2 and all(len(o["sources"]) == 1 for o in jamaica)
    costs = _data(client, "/v1/observations", metric="cost_estimate", confidence="disputed")
    # $600M a year: AFP (9 Nov 2023) and the story article itself; $240M: a UN source (Apr 2024)
    assert sorted(o["value"] for o in costs) == [240_000_000, 600_000_000, 600_000_000]


def test_us_pledge(client: TestClient) -> None:
    pledges = _data(
        client, "/v1/observations", contributor="united-states", metric="funding_pledged", sort="as_of"
    )
    assert (pledges[0]["as_of"], pledges[0]["value"]) == ("2023-09-01", 100_000_000)  # offered before 2699
    assert ("2024-03-11", 300_000_000) in [(p["as_of"], p["value"]) for p in pledges]


def test_the_article_is_a_cited_source(client: TestClient) -> None:
    article = _data(client, "/v1/sources", q="peacekeeping", publisher="Haiti Wire")
    assert article, "the story article must be a source"
    cited = _data(client, "/v1/observations", mission="mss-haiti", expand="sources", limit=500)
    article_ids = {a["id"] for a in article}
    facts = {(o["metric"], o["value"]) for o in cited if article_ids & {s["id"] for s in o["sources"]}}
    assert {
        ("personnel_planned", 2500),
        ("personnel_deployed", 400),
        ("cost_estimate", 600_000_000),
        ("funding_pledged", 300_000_000),
    } <= facts


def test_events_involving_china_and_russia(client: TestClient) -> None:
    china = {e["id"] for e in _data(client, "/v1/events", actor="china", limit=500)}
    russia = {e["id"] for e in _data(client, "/v1/events", actor="russian-federation", limit=500)}
    both = china & russia
    assert "2024-11-china-russia-oppose-transformation" in both
    assert "2023-10-02-s-res-2699-adopted" in both
    opposed = _data(client, "/v1/events", actor="china", stance="oppose")
    assert all(e["date"] >= "2024-09-01" for e in opposed) and opposed


def test_missions_in_haiti_in_order_with_predecessor_chain(client: TestClient) -> None:
    rows = _data(client, "/v1/missions", host_country="HTI", sort="start_date")
    assert [r["id"] for r in rows] == [
        "unmih",
        "unsmih",
        "untmih",
        "miponuh",
        "mif-haiti-2004",
        "minustah",
        "minujusth",
        "binuh",
        "mss-haiti",
        "gang-suppression-force",
    ]
    by_id = {r["id"]: r for r in rows}
    assert by_id["minustah"]["successor"] == "minujusth"
    assert [by_id[m]["successor"] for m in ("unmih", "unsmih", "untmih")] == ["unsmih", "untmih", "miponuh"]
    assert by_id["minujusth"]["predecessor"] == "minustah"
    assert by_id["mss-haiti"]["successor"] == "gang-suppression-force"
    assert by_id["gang-suppression-force"]["predecessor"] == "mss-haiti"
    assert by_id["mss-haiti"]["lead"] == "kenya" and by_id["mss-haiti"]["funding_model"] == "voluntary"


def test_search_finds_a_contributors_events(client: TestClient) -> None:
    rows = _data(client, "/v1/events", q="Guatemala")
    assert {"2025-01-03-guatemala-first-75-arrive", "2025-01-04-guatemala-second-75-arrive"} <= {
        r["id"] for r in rows
    }


def test_gsf_ceiling(client: TestClient) -> None:
    gsf = client.get("/v1/mandates/s-res-2793-2025").json()
    assert (gsf["ceiling_total"], gsf["ceiling_civilian"]) == (5550, 50)
    assert gsf["penholders"] == ["united-states", "panama"]


def test_council_membership_is_sourced(client: TestClient) -> None:
    members = _data(client, "/v1/votes", mandate="s-res-2751-2024", limit=50)
    assert len(members) == 15 and {m["vote"] for m in members} == {"yes"}
