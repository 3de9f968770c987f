"""Parity: one table of list queries, each run through REST, GraphQL and the Store
itself; all three must give the same ids in the same order (and the same count and
cursor, since both faces parse into the same ListQuery).

A case is written once, neutrally (field, operator, wire value); ``_rest``, ``_graphql``
and ``_store`` each turn it into their own form, the way a client of that face would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.query import OPERATORS, RESOURCES, Condition, ListQuery, SortKey, Store
from api.query.fields import FieldType, SpecialFilter


@dataclass(frozen=True)
class Case:
    id: str
    resource: str
    where: tuple[tuple[str, str, Any], ...] = ()  # (field, op, wire value or list of them)
    sort: tuple[str, ...] = ()  # REST style: "-adopted_on"
    limit: int = 50
    page: int = 1  # 2: follow each face's own cursor from page 1
    q: str | None = None
    as_of: str | None = None
    expect_some: bool = field(default=True)


CASES = [
    Case("missions-default", "missions"),
    Case("missions-kind-in", "missions", (("kind", "in", ["un_peacekeeping", "un_political_mission"]),)),
    Case("missions-end-isnull", "missions", (("end_date", "isnull", True),)),
    Case("missions-chapter-vii", "missions", (("chapter_vii", "eq", True),), sort=("-start_date",)),
    Case("missions-search", "missions", q="Kenya"),
    Case("missions-as-of", "missions", as_of="2010-01-01"),
    Case(
        "mandates-adopted-gte-action-in",
        "mandates",
        (("adopted_on", "gte", "2024-01-01"), ("action", "in", ["extend", "transform"])),
        sort=("-adopted_on",),
    ),
    Case("mandates-in-force-on", "mandates", (("in_force_on", "eq", "2024-06-01"),)),
    Case("mandates-abstainer", "mandates", (("abstainer", "eq", "china"),), sort=("-adopted_on",)),
    Case("mandates-votes-lt", "mandates", (("votes_for", "lt", 15),), sort=("votes_for", "-symbol")),
    Case("mandates-action-not", "mandates", (("action", "not", ["establish"]),)),
    Case("mandates-mission-eq-page-2", "mandates", (("mission", "eq", "minustah"),), limit=3, page=2),
    Case("contributors-name-contains", "contributors", (("name", "contains", "rep"),), sort=("-name",)),
    Case(
        "contributors-iso3-in",
        "contributors",
        (("iso3", "in", ["KEN", "USA", "CHN", "JAM"]),),
        sort=("iso3",),
    ),
    Case("contributors-paged", "contributors", (("kind", "eq", "state"),), limit=10, page=2),
    Case("observations-value-gt", "observations", (("value", "gt", 1000),), sort=("-value",)),
    Case(
        "observations-contributor-as-of-lte",
        "observations",
        (("contributor", "eq", "kenya"), ("as_of", "lte", "2024-12-31")),
        sort=("-as_of",),
    ),
    Case(
        "observations-contributor-isnull",
        "observations",
        (("contributor", "isnull", False),),
        as_of="2024-10-01",
    ),
    Case("events-actor-stance", "events", (("actor", "eq", "china"), ("stance", "eq", "oppose"))),
    Case(
        "events-stance-in-role",
        "events",
        (("stance", "in", ["oppose", "abstain"]), ("role", "eq", "council_member")),
    ),
    Case(
        "events-mission-date-desc-page-2",
        "events",
        (("mission", "eq", "mss-haiti"),),
        sort=("-date",),
        limit=5,
        page=2,
    ),
    Case(
        "events-date-range-search",
        "events",
        (("date", "gt", "2023-01-01"), ("date", "lt", "2025-06-01")),
        q="Kenya",
    ),
    Case(
        "sources-kind-published",
        "sources",
        (("kind", "eq", "official"), ("published_on", "gte", "2024-01-01")),
        sort=("published_on",),
    ),
    Case("votes-member-vote", "votes", (("member", "eq", "china"), ("vote", "eq", "abstain"))),
    Case("votes-paged", "votes", (("vote", "not", ["yes"]),), sort=("resolution",), limit=4, page=2),
    Case("votes-of-a-mandate", "votes", (("mandate", "eq", "s-res-2793-2025"),), sort=("-vote", "member")),
    Case(
        "votes-on-a-kind-of-mission",
        "votes",
        (("mission_kind", "eq", "un_authorized_multinational"), ("vote", "eq", "abstain")),
        sort=("resolution", "member"),
    ),
    Case(
        "resolutions-meeting-abstainer",
        "resolutions",
        (("meeting", "gte", 9000), ("abstainer", "eq", "russian-federation")),
        sort=("-adopted_on",),
    ),
    Case("resolutions-modality-paged", "resolutions", (("modality", "eq", "voted"),), limit=10, page=2),
    Case("resolutions-search", "resolutions", q="Haiti", sort=("relevance",)),
    Case("mandates-of-a-resolution", "mandates", (("resolution", "eq", "s-res-2350-2017"),)),
    Case(
        "votes-through-the-mandate",
        "votes",
        (
            ("mission", "in", ["mss-haiti", "binuh"]),
            ("adopted_on", "gte", "2023-01-01"),
            ("vote", "eq", "abstain"),
        ),
    ),
    Case("missions-status-as-of", "missions", (("status", "eq", "completed"),), as_of="2018-01-01"),
    Case("events-relevance-page-2", "events", q="Kenya", sort=("relevance",), limit=3, page=2),
    Case("mandates-relevance-desc", "mandates", q="Haiti", sort=("-relevance", "adopted_on")),
]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


# -- REST -------------------------------------------------------------------------------


def _rest_params(case: Case, cursor: str | None) -> dict[str, str]:
    params: dict[str, str] = {"limit": str(case.limit)}
    for name, op, value in case.where:
        key = name if op == "eq" else f"{name}__{op}"
        if isinstance(value, list):
            params[key] = ",".join(map(str, value))
        elif isinstance(value, bool):
            params[key] = "true" if value else "false"
        else:
            params[key] = str(value)
    if case.sort:
        params["sort"] = ",".join(case.sort)
    if case.q:
        params["q"] = case.q
    if case.as_of:
        params["as_of"] = case.as_of
    if cursor:
        params["cursor"] = cursor
    return params


def _rest(client: TestClient, case: Case) -> tuple[list[Any], int, str | None]:
    cursor = None
    for _ in range(case.page):
        response = client.get(f"/v1/{case.resource}", params=_rest_params(case, cursor))
        assert response.status_code == 200, response.text
        body = response.json()
        page_cursor, cursor = cursor, body["meta"]["next_cursor"]
    del page_cursor
    ids = [_row_id(case.resource, row) for row in body["data"]]
    return ids, body["meta"]["count"], body["meta"]["next_cursor"]


# -- GraphQL ----------------------------------------------------------------------------


def _gql_value(decl: Any, value: Any) -> Any:
    if isinstance(value, list):
        return [_gql_value(decl, v) for v in value]
    if decl.enum is not None:
        return decl.enum(value).name.upper()
    return value


def _graphql_args(case: Case) -> dict[str, Any]:
    filterable = RESOURCES[case.resource].filterable
    filters: dict[str, Any] = {}
    for name, op, value in case.where:
        decl = filterable[name]
        if isinstance(decl, SpecialFilter):
            filters[_camel(name)] = _gql_value(decl, value)
        else:
            filters.setdefault(_camel(name), {})[op] = _gql_value(decl, value)
    order = [
        {"field": k.lstrip("-").upper(), "direction": "DESC" if k.startswith("-") else "ASC"}
        for k in case.sort
    ]
    args: dict[str, Any] = {"filter": filters or None, "orderBy": order or None, "first": case.limit}
    if case.q:
        args["q"] = case.q
    if case.as_of:
        args["asOf"] = case.as_of
    return args


def _graphql(client: TestClient, case: Case) -> tuple[list[Any], int, str | None]:
    resource = RESOURCES[case.resource]
    singular = resource.singular.title()
    args = _graphql_args(case)
    extra = "".join(f", ${k}: {t}" for k, t in (("q", "String"), ("asOf", "Date")) if k in args)
    passed = "".join(f", {k}: ${k}" for k in ("q", "asOf") if k in args)
    node = "resolutionId memberId" if case.resource == "votes" else "id"
    query = f"""query($filter: {singular}Filter, $orderBy: [{singular}Order!], $first: Int!,
        $after: String{extra}) {{
      {resource.name}(filter: $filter, orderBy: $orderBy, first: $first, after: $after{passed}) {{
        totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {node} }} }} }}"""
    after = None
    for _ in range(case.page):
        response = client.post("/graphql", json={"query": query, "variables": {**args, "after": after}})
        body = response.json()
        assert "errors" not in body, body
        connection = body["data"][resource.name]
        after = connection["pageInfo"]["endCursor"]
    if case.resource == "votes":
        ids: list[Any] = [(n["resolutionId"], n["memberId"]) for n in connection["nodes"]]
    else:
        ids = [n["id"] for n in connection["nodes"]]
    assert connection["pageInfo"]["hasNextPage"] == (after is not None)
    return ids, connection["totalCount"], after


# -- Store ------------------------------------------------------------------------------


def _typed(decl: Any, op: str, value: Any) -> Any:
    if OPERATORS[op].takes_bool:
        return bool(value)
    if isinstance(value, list):
        return tuple(_typed(decl, "eq", v) for v in value)
    if decl.enum is not None:
        return decl.enum(value)
    if decl.type is FieldType.date:
        return dt.date.fromisoformat(value)
    return value


def _store(store: Store, case: Case) -> tuple[list[Any], int, str | None]:
    filterable = RESOURCES[case.resource].filterable
    query = ListQuery(
        resource=case.resource,
        conditions=tuple(Condition(n, op, _typed(filterable[n], op, v)) for n, op, v in case.where),
        sort=tuple(SortKey(k.lstrip("-"), k.startswith("-")) for k in case.sort),
        limit=case.limit,
        q=case.q,
        as_of=dt.date.fromisoformat(case.as_of) if case.as_of else None,
    )
    page = store.list(query)
    for _ in range(case.page - 1):
        query = replace(query, cursor=page.next_cursor)
        page = store.list(query)
    ids = [_row_id(case.resource, row) for row in page.rows]
    assert page.count is not None
    return ids, page.count, page.next_cursor


def _row_id(resource: str, row: dict[str, Any]) -> Any:
    return (row["resolution"], row["member"]) if resource == "votes" else row["id"]


# -- the table --------------------------------------------------------------------------


def test_the_table_covers_every_resource_operator_and_special_filter() -> None:
    assert len(CASES) >= 15
    assert {c.resource for c in CASES} == set(RESOURCES)
    assert {op for c in CASES for _, op, _ in c.where} == set(OPERATORS)
    specials = {"in_force_on", "abstainer", "actor", "stance", "mission_kind"}
    assert specials <= {name for c in CASES for name, _, _ in c.where}
    assert any(c.sort for c in CASES) and any(c.page > 1 for c in CASES)
    assert any(c.as_of for c in CASES) and any(c.q for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rest_graphql_and_store_agree(client: TestClient, store: Store, case: Case) -> None:
    expected = _store(store, case)
    if case.expect_some:
        assert expected[0], f"{case.id}: the case selects no rows, so it proves little"
    assert _graphql(client, case) == expected
    assert _rest(client, case) == expected
