"""Real answers from the seeded Haiti data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = Callable[..., dict[str, Any]]
Gql = Callable[..., dict[str, Any]]


def test_haiti_mandates_with_votes(data: Data) -> None:
    result = data("""{
      mandates(filter: {mission: {in: ["mss-haiti", "gang-suppression-force"]}},
               orderBy: [{field: ADOPTED_ON}]) {
        nodes { symbol votesFor abstentions votes { vote member { name } } }
      }
    }""")
    nodes = result["mandates"]["nodes"]
    assert [n["symbol"] for n in nodes] == ["S/RES/2699 (2023)", "S/RES/2751 (2024)", "S/RES/2793 (2025)"]
    first = nodes[0]
    assert first["votesFor"] == 13 and first["abstentions"] == 2
    abstaining = sorted(v["member"]["name"] for v in first["votes"] if v["vote"] == "ABSTAIN")
    assert abstaining == ["China", "Russian Federation"]


def test_mission_with_its_relations(data: Data) -> None:
    result = data("""{ mission(id: "mss-haiti") {
        id leadId lead { id name } predecessor { id } successor { id successor { id } }
        kind startDate hostCountry
        mandates { totalCount nodes { symbol missionId mission { id } penholderIds penholders { id } } }
        sources { id title }
    } }""")
    mission = result["mission"]
    assert mission["lead"] == {"id": "kenya", "name": "Kenya"} and mission["leadId"] == "kenya"
    assert mission["successor"]["id"] == "gang-suppression-force"
    assert mission["kind"] == "UN_AUTHORIZED_MULTINATIONAL"
    assert mission["hostCountry"] == "HTI"
    mandates = mission["mandates"]
    assert mandates["totalCount"] == len(mandates["nodes"]) == 2
    assert all(m["mission"]["id"] == "mss-haiti" for m in mandates["nodes"])
    assert mandates["nodes"][0]["penholderIds"] == [p["id"] for p in mandates["nodes"][0]["penholders"]]
    assert mission["sources"]


def test_unknown_id_is_null_not_an_error(gql: Gql) -> None:
    body = gql('{ mission(id: "no-such-mission") { id } source(id: "nope") { id } }')
    assert body == {"data": {"mission": None, "source": None}}


def test_paging_walks_every_row_once(data: Data) -> None:
    query = """query($after: String) {
      events(first: 7, after: $after, orderBy: [{field: DATE, direction: DESC}]) {
        totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = data(query, after=after)["events"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert page["pageInfo"]["endCursor"] is None
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]


def test_edge_cursor_resumes_after_that_row(data: Data) -> None:
    page = data("{ sources(first: 5) { edges { cursor node { id } } } }")["sources"]["edges"]
    rest = data("query($c: String) { sources(first: 2, after: $c) { nodes { id } } }", c=page[1]["cursor"])
    assert [n["id"] for n in rest["sources"]["nodes"]] == [e["node"]["id"] for e in page[2:4]]


def test_nested_connections_page_per_parent(data: Data) -> None:
    result = data("""{ missions(first: 20, filter: {hostCountry: {eq: "HTI"}}) { nodes { id
        events(first: 2, orderBy: [{field: DATE, direction: DESC}]) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { id date missionId actors { stance } } } } } }""")
    for mission in result["missions"]["nodes"]:
        events = mission["events"]
        assert all(e["missionId"] == mission["id"] for e in events["nodes"])
        dates = [e["date"] for e in events["nodes"]]
        assert dates == sorted(dates, reverse=True)
        assert events["pageInfo"]["hasNextPage"] == (events["totalCount"] > 2)
    haiti = next(m for m in result["missions"]["nodes"] if m["id"] == "mss-haiti")
    after = haiti["events"]["pageInfo"]["endCursor"]
    more = data(
        """query($after: String) { mission(id: "mss-haiti") {
        events(first: 2, after: $after, orderBy: [{field: DATE, direction: DESC}]) { nodes { date } } } }""",
        after=after,
    )
    assert more["mission"]["events"]["nodes"][0]["date"] <= haiti["events"]["nodes"][-1]["date"]


def test_first_is_clamped(data: Data) -> None:
    many = data("{ contributors(first: 100000) { nodes { id } totalCount } }")["contributors"]
    assert len(many["nodes"]) == min(many["totalCount"], 500)
    none = data("{ contributors(first: 0) { nodes { id } pageInfo { hasNextPage } } }")
    assert none["contributors"] == {"nodes": [], "pageInfo": {"hasNextPage": True}}
    negative = data("{ contributors(first: -3) { nodes { id } } }")
    assert negative["contributors"]["nodes"] == []


def test_search_and_as_of(data: Data) -> None:
    found = data('{ missions(q: "Kenya") { nodes { id } } }')["missions"]["nodes"]
    assert {"id": "mss-haiti"} in found
    early = data('{ missions(asOf: "2005-01-01") { nodes { id startDate } } }')["missions"]["nodes"]
    assert early and all(m["startDate"] <= "2005-01-01" for m in early)


def test_bad_input_is_a_clear_error(gql: Gql) -> None:
    enum = gql("{ mandates(filter: {action: {eq: EXPLODE}}) { nodes { id } } }")
    assert "EXPLODE" in enum["errors"][0]["message"]
    cursor = gql('{ missions(after: "not-a-cursor") { nodes { id } } }')
    error = cursor["errors"][0]
    assert "cursor" in error["message"] and error["extensions"]["code"] == "BAD_USER_INPUT"
    date = gql('{ events(filter: {date: {gte: "2024-13-01"}}) { nodes { id } } }')
    assert "date" in date["errors"][0]["message"]
    empty = gql('{ events(filter: {title: {contains: ""}}) { nodes { id } } }')
    assert empty["errors"][0]["extensions"]["errors"][0]["field"] == "filter.title.contains"
    # a cursor of one parent does not open another's page
    page = gql("""{ mission(id: "mss-haiti") { events(first: 1) { pageInfo { endCursor } } } }""")
    cursor_of_haiti = page["data"]["mission"]["events"]["pageInfo"]["endCursor"]
    other = gql(
        """query($c: String) {
      mission(id: "binuh") { events(first: 1, after: $c) { nodes { id } } } }""",
        c=cursor_of_haiti,
    )
    assert other["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_get_shows_graphiql_to_a_browser(client: Any) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()
    query = client.get("/graphql", params={"query": '{ mission(id: "binuh") { id } }'})
    assert query.json() == {"data": {"mission": {"id": "binuh"}}}
