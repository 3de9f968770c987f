"""The shortcuts of GraphQL execution give the answers graphql-core gives without them:
plain fields read straight from the row (``api.graphql.execution``) and child rows read
with a root page (``api.graphql.types._prefetch``). Whole answers are compared, errors
included, with the shortcuts on and off."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.app import create_app
from api.graphql import types
from api.graphql.execution import PlainFieldsExecutor
from api.settings import Settings

EVENT = "id date datePrecision kind title summary missionId mandateId location"
QUERIES = [
    # a root page with every plain field, its actors and sources, through a fragment
    f"""{{ events(first: 40, orderBy: [{{field: DATE, direction: DESC}}]) {{
        nodes {{ ...E actors {{ contributorId role stance contributor {{ name }} }} }} }} }}
        fragment E on Event {{ {EVENT} sources {{ id title publishedOn kind }} }}""",
    # edges, nested pages (loaders, not prefetched), votes of mandates
    """{ missions(first: 10) { edges { cursor node { id name status startDate endDate
        mandates(first: 3) { nodes { symbol adoptedOn votes { vote member { name } } } }
        events(first: 2) { nodes { title actors { role } } } } } } }""",
    # inline fragments, aliases, a record by id, nulls
    """{ a: events(first: 3) { nodes { ... on Event { id location mandateId } } }
         mission(id: "mss-haiti") { id summary endDate lead { name } } }""",
    # an error: a value the type refuses is located the same way
    """{ events(first: 2, filter: {date: {gte: "not a date"}}) { nodes { id } } }""",
]


@pytest.fixture(scope="module")
def uncached(settings: Settings) -> Iterator[TestClient]:
    app = create_app(dataclasses.replace(settings, cache_mb=0))
    with TestClient(app) as client:
        yield client


def _answer(client: TestClient, query: str) -> Any:
    response = client.post("/graphql", json={"query": query})
    return response.status_code, response.json()


@pytest.mark.parametrize("query", QUERIES, ids=["page", "edges-nested", "fragments", "error"])
def test_the_shortcuts_change_no_answer(
    uncached: TestClient, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    fast = _answer(uncached, query)
    with monkeypatch.context() as m:
        m.setattr(PlainFieldsExecutor, "execute_field", StrawberryGraphQLCoreExecutionContext.execute_field)
        m.setattr(types, "_prefetch", lambda info, resource: ())
        slow = _answer(uncached, query)
    assert fast == slow
    status, body = fast
    if query is not QUERIES[-1]:  # the last one is refused
        assert status == 200 and "errors" not in body, body


def test_a_root_page_reads_its_nodes_children_with_the_page(
    uncached: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No loader call for ``actors`` or ``sources`` when the root page brought them."""
    calls: list[tuple[str, str]] = []
    real = types.Context.children

    def counted(self: Any, relation: str, resource: str) -> Any:
        calls.append((relation, resource))
        return real(self, relation, resource)

    monkeypatch.setattr(types.Context, "children", counted)
    status, body = _answer(uncached, QUERIES[0])
    assert status == 200 and "errors" not in body
    assert any(node["actors"] for node in body["data"]["events"]["nodes"])
    assert calls == []
