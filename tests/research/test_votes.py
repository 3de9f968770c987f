"""Council votes: filters through the resolution and the mandates it gave, and group_by
counts; REST and GraphQL give the same groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.research.conftest import assert_same

GROUPS = """query($groupBy: [VoteGroupField!]!, $filter: VoteFilter) {
  voteGroups(groupBy: $groupBy, filter: $filter) { memberId resolutionId vote count resolutions } }"""


def test_china_and_russia_abstentions_on_haiti_in_one_call(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    body = rest("/v1/votes", group_by="member,vote", member__in="china,russian-federation", vote="abstain")
    assert body["meta"]["group_by"] == ["member", "vote"]
    assert [(g["member"], g["count"], g["resolutions"]) for g in body["data"]] == [
        (
            "china",
            5,
            ["s-res-2410-2018", "s-res-2476-2019", "s-res-2547-2020", "s-res-2699-2023", "s-res-2793-2025"],
        ),
        (
            "russian-federation",
            5,
            ["s-res-2410-2018", "s-res-2466-2019", "s-res-2547-2020", "s-res-2699-2023", "s-res-2793-2025"],
        ),
    ]
    data = graph(
        GROUPS,
        groupBy=["MEMBER", "VOTE"],
        filter={"member": {"in": ["china", "russian-federation"]}, "vote": {"eq": "ABSTAIN"}},
    )
    groups = [{k: v for k, v in g.items() if v is not None} for g in data["voteGroups"]]
    assert_same(body["data"], groups)


@pytest.mark.parametrize(
    ("mandate", "abstainers"),
    [
        ("s-res-2699-2023", ["china", "russian-federation"]),
        ("s-res-2793-2025", ["china", "pakistan", "russian-federation"]),
    ],
)
def test_abstentions_per_resolution(rest: Callable[..., Any], mandate: str, abstainers: list[str]) -> None:
    body = rest("/v1/votes", group_by="resolution,vote", resolution=mandate, vote="abstain")
    assert [(g["resolution"], g["count"]) for g in body["data"]] == [(mandate, len(abstainers))]
    for scope in ("resolution", "mandate"):  # a mandate's votes are its resolution's
        listed = rest("/v1/votes", **{scope: mandate, "vote": "abstain"})["data"]
        assert sorted(v["member"] for v in listed) == abstainers
    assert rest(f"/v1/mandates/{mandate}/votes", vote="abstain")["data"] == listed


def test_vote_filters_through_the_mandate(rest: Callable[..., Any], graph: Callable[..., Any]) -> None:
    mss = rest("/v1/votes", mission="mss-haiti", vote="abstain", sort="resolution,member")["data"]
    assert [(v["resolution"], v["member"]) for v in mss] == [
        ("s-res-2699-2023", "china"),
        ("s-res-2699-2023", "russian-federation"),
    ]
    since = rest("/v1/votes", adopted_on__gte="2025-01-01", group_by="vote")["data"]
    assert [(g["vote"], g["count"], g["resolutions"]) for g in since] == [
        ("abstain", 3, ["s-res-2793-2025"]),
        ("yes", 57, ["s-res-2785-2025", "s-res-2793-2025", "s-res-2794-2025", "s-res-2814-2026"]),
    ]
    data = graph(GROUPS, groupBy=["VOTE"], filter={"adoptedOn": {"gte": "2025-01-01"}})
    assert_same(since, [{k: v for k, v in g.items() if v is not None} for g in data["voteGroups"]])
    china = rest("/v1/contributors/china/votes", group_by="vote", mission__in="mss-haiti,binuh")["data"]
    assert {g["vote"]: g["count"] for g in china} == {"abstain": 3, "yes": 7}


def test_group_by_csv(client: TestClient) -> None:
    response = client.get(
        "/v1/votes", params={"group_by": "vote", "mandate": "s-res-2699-2023", "format": "csv"}
    )
    assert response.status_code == 200
    assert response.text.splitlines() == [
        "vote,count,resolutions",
        "abstain,2,s-res-2699-2023",
        "yes,13,s-res-2699-2023",
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"group_by": "kind"}, "group_by"),
        ({"group_by": ""}, "group_by"),
        ({"group_by": "vote", "sort": "kind"}, "sort"),
        ({"adopted_on__gte": "2024-02-30"}, "adopted_on__gte"),
        ({"mission__contains": "mss"}, "mission__contains"),
    ],
)
def test_bad_group_by_and_filters_are_400(client: TestClient, params: dict[str, str], field: str) -> None:
    response = client.get("/v1/votes", params=params)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["field"] == field


def test_group_by_is_refused_where_it_is_not_declared(client: TestClient) -> None:
    response = client.get("/v1/events", params={"group_by": "kind"})
    assert response.status_code == 400
    assert "group_by" not in response.json()["errors"][0]["allowed"]


def test_page_parameters_do_not_apply_to_groups(rest: Callable[..., Any]) -> None:
    body = rest(
        "/v1/votes", group_by="vote", mandate="s-res-2699-2023", limit=1, sort="-member", fields="vote"
    )
    assert [(g["vote"], g["count"]) for g in body["data"]] == [("abstain", 2), ("yes", 13)]
    assert body["meta"]["ignored"] == ["fields", "limit", "sort"]
