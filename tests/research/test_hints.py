"""Hints where a filter value names nothing: a reference filter whose value is no record's
id answers 200 with the (rightly) empty list and a warning naming the filter and the
closest ids, in REST's meta.warnings and GraphQL's extensions.warnings alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.query import ListQuery, Store
from api.query.hints import close_ids, edit_distance, filter_warnings, reference_target


def _warnings(rest: Callable[..., Any], url: str, **params: Any) -> list[dict[str, Any]]:
    body = rest(url, **params)
    warnings: list[dict[str, Any]] = body["meta"].get("warnings", [])
    return warnings


def test_a_misspelled_mission_answers_empty_with_a_hint(rest: Callable[..., Any], client: TestClient) -> None:
    body = rest("/v1/observations", mission="mss-hati")
    assert body["data"] == [] and body["meta"]["count"] == 0
    assert body["meta"]["warnings"] == [
        {
            "field": "mission",
            "value": "mss-hati",
            "message": "no mission has the id 'mss-hati', so this filter matches nothing",
            "suggestions": ["mss-haiti"],
        }
    ]
    query = '{ observations(filter: {mission: {eq: "mss-hati"}}) { nodes { id } } }'
    graphql = client.post("/graphql", json={"query": query}).json()
    assert graphql["data"]["observations"]["nodes"] == []
    assert graphql["extensions"]["warnings"] == body["meta"]["warnings"]


@pytest.mark.parametrize(
    ("url", "params", "field", "value", "suggested"),
    [
        ("/v1/events", {"actor": "kenyaa"}, "actor", "kenyaa", "kenya"),  # a relation filter
        ("/v1/votes", {"member": "chnia"}, "member", "chnia", "china"),  # a transposition
        ("/v1/resolutions", {"abstainer": "russian"}, "abstainer", "russian", "russian-federation"),
        ("/v1/votes", {"mandate": "s-res-2699-2032"}, "mandate", "s-res-2699-2032", "s-res-2699-2023"),
        (
            "/v1/mandates",
            {"resolution": "s-res-2751-2042"},
            "resolution",
            "s-res-2751-2042",
            "s-res-2751-2024",
        ),
        ("/v1/missions/mss-haiti/events", {"actor": "jamiaca"}, "actor", "jamiaca", "jamaica"),
    ],
)
def test_every_kind_of_reference_filter_hints(
    rest: Callable[..., Any], url: str, params: dict[str, str], field: str, value: str, suggested: str
) -> None:
    [warning] = _warnings(rest, url, **params)
    assert (warning["field"], warning["value"]) == (field, value)
    assert suggested in warning["suggestions"] and len(warning["suggestions"]) <= 3


def test_a_list_filter_warns_per_value_that_names_nothing(rest: Callable[..., Any]) -> None:
    body = rest("/v1/mandates", mission__in="mss-haiti,gang-supression-force")
    assert {m["mission"] for m in body["data"]} == {"mss-haiti"}  # the list still answers
    [warning] = body["meta"]["warnings"]
    assert (warning["field"], warning["suggestions"]) == ("mission", ["gang-suppression-force"])
    [excluded] = _warnings(rest, "/v1/events", mission__not="msshaiti")
    assert "excludes nothing" in excluded["message"] and excluded["suggestions"] == ["mss-haiti"]
    grouped = rest("/v1/votes", group_by="member,vote", member__in="china,russian-fed", vote="abstain")
    [hint] = grouped["meta"]["warnings"]
    assert hint["suggestions"] == ["russian-federation"]


@pytest.mark.parametrize(
    "params",
    [
        {"mission": "mss-haiti"},  # the database writes these pages (SQLite)
        {"mission": "mss-haiti", "fields": "id,symbol"},
        {"mission": "mss-haiti", "expand": "sources"},
        {"symbol": "S/RES/9999 (2099)"},  # not a reference: no hint
        {"id": "nothing"},
    ],
)
def test_no_warning_when_every_value_names_a_record(rest: Callable[..., Any], params: dict[str, str]) -> None:
    assert "warnings" not in rest("/v1/mandates", **params)["meta"]


def test_graphql_child_lists_warn_once(client: TestClient) -> None:
    query = '{ missions(first: 5) { nodes { id events(filter: {actor: {eq: "kenyaa"}}) { nodes { id } } } } }'
    body = client.post("/graphql", json={"query": query}).json()
    assert [w["value"] for w in body["extensions"]["warnings"]] == ["kenyaa"]
    plain = client.post("/graphql", json={"query": "{ missions(first: 1) { nodes { id } } }"}).json()
    assert "extensions" not in plain or "warnings" not in plain["extensions"]


def test_the_query_layer_declares_the_reference_filters(store: Store) -> None:
    assert reference_target("observations", "mission") == "missions"
    assert reference_target("events", "actor") == "contributors"
    assert reference_target("votes", "mandate") == "mandates"
    assert reference_target("missions", "id") is None and reference_target("events", "stance") is None
    assert filter_warnings(store, ListQuery(resource="votes")) == []


def test_edit_distance_and_close_ids() -> None:
    assert edit_distance("mss-hati", "mss-haiti") == 1
    assert edit_distance("chnia", "china") == 1  # neighbours swapped: one edit
    assert edit_distance("", "ab") == edit_distance("ab", "") == 2
    assert edit_distance("abcdef", "uvwxyz", 2) == 3  # stops past the bound
    ids = ["benin", "kenya", "kenya-police", "ken", "canada", "bahamas"]
    assert close_ids("kenyaa", ids) == ["kenya"]
    assert close_ids("keny", ids) == ["ken", "kenya", "kenya-police"]  # then those that begin so
    assert close_ids("zzzzzz", ids) == []
    assert len(close_ids("b", ["a", "b", "c", "d"])) == 3
