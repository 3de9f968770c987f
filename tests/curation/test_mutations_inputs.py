"""Typed GraphQL inputs: generated from the same declarations as REST's body schemas, so
the same fields, required and nullable alike; the same records accepted and the same
refused, with the same problems; patches that tell an absent field from a null one."""

from __future__ import annotations

from typing import Any

import graphql
import pytest
from starlette.testclient import TestClient

from api.curation.bodies import create_schema, update_schema
from api.curation.documents import WRITABLE
from api.graphql.inputs import camel
from api.graphql.schema import schema
from api.query import RESOURCES


def _name(resource: str) -> str:
    return RESOURCES[resource].singular.title()


def _as_graphql(prop: dict[str, Any] | None, value: Any) -> Any:
    """A REST body value as its GraphQL input value: camel-cased keys, enums by name."""
    if prop is None:
        return value
    if isinstance(value, str) and "enum" in prop:
        return value.upper()
    for part in prop.get("anyOf", ()):
        if value is not None and "enum" in part:
            return _as_graphql(part, value)
    if isinstance(value, list):
        return [_as_graphql(prop.get("items"), v) for v in value]
    if isinstance(value, dict):
        props = prop.get("properties", {})
        return {camel(k): _as_graphql(props.get(k), v) for k, v in value.items()}
    return value


def _gql(client: TestClient, query: str, variables: dict[str, Any], headers: dict[str, str]) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _create(client: TestClient, resource: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    query = (
        f"mutation($input: {_name(resource)}CreateInput!) "
        f"{{ create{_name(resource)}(input: $input) {{ id version }} }}"
    )
    return _gql(client, query, {"input": _as_graphql(create_schema(resource), body)}, headers)


def _update(
    client: TestClient,
    resource: str,
    record: str,
    version: int,
    patch: dict[str, Any],
    headers: dict[str, str],
) -> Any:
    query = (
        f"mutation($id: ID!, $version: Int!, $patch: {_name(resource)}PatchInput!) "
        f"{{ update{_name(resource)}(id: $id, version: $version, patch: $patch) {{ id version }} }}"
    )
    variables = {"id": record, "version": version, "patch": _as_graphql(update_schema(resource), patch)}
    return _gql(client, query, variables, headers)


@pytest.mark.parametrize("resource", list(WRITABLE))
def test_inputs_are_the_body_schemas(resource: str) -> None:
    """Field for field, the create input is REST's create body and the patch input its
    merge patch: the same names, the create's required fields non-null, every patch
    field nullable (null clears), nothing else."""
    sdl = graphql.build_schema(schema.as_str())
    body = create_schema(resource)
    create = sdl.get_type(f"{_name(resource)}CreateInput")
    patch = sdl.get_type(f"{_name(resource)}PatchInput")
    assert isinstance(create, graphql.GraphQLInputObjectType)
    assert isinstance(patch, graphql.GraphQLInputObjectType)
    assert set(create.fields) == {camel(k) for k in body["properties"]}
    assert set(patch.fields) == {camel(k) for k in update_schema(resource)["properties"]}
    for name, prop in body["properties"].items():
        field = create.fields[camel(name)]
        required = graphql.is_required_input_field(field)
        assert required == (name in body["required"]), name
        nullable = any(p.get("type") == "null" for p in prop.get("anyOf", ()))
        assert graphql.is_non_null_type(field.type) == (not nullable and name != "votes"), name
        assert not graphql.is_non_null_type(patch.fields[camel(name)].type), name
        assert patch.fields[camel(name)].default_value is graphql.Undefined, name


CONTRIBUTOR = {"name": "Inputland", "kind": "state", "iso3": "INL", "sources": ["un-press-sc-15432"]}
SOURCE = {"title": "A report", "publisher": "Example Press", "kind": "press", "url": "https://example.org/r"}
EVENT = {
    "date": "2025-10-02",
    "date_precision": "day",
    "kind": "statement",
    "title": "A statement",
    "mission": "gang-suppression-force",
    "actors": [{"contributor": "kenya", "role": "contributor", "stance": "support"}],
    "sources": ["un-press-sc-15432"],
}
OBSERVATION = {
    "mission": "mss-haiti",
    "metric": "personnel_deployed",
    "value": 2.5,
    "unit": "persons",
    "as_of": "2025-01-01",
    "confidence": "reported",
    "sources": ["un-press-sc-15432"],
}

REFUSED = [
    ("contributors", {**CONTRIBUTOR, "iso3": "INLX"}),  # longer than the column
    ("contributors", {**CONTRIBUTOR, "sources": []}),  # every record cites a source
    ("contributors", {**CONTRIBUTOR, "sources": ["Not A Slug"]}),
    ("contributors", {**CONTRIBUTOR, "sources": ["nowhere"]}),  # 409: no such source
    ("contributors", {**CONTRIBUTOR, "name": "nul\x00in text"}),
    # neither url, symbol nor note; the message echoes the body, and the GraphQL input states
    # the record's default precision (``publishedPrecision: DatePrecision! = DAY``)
    ("sources", {"title": "T", "publisher": "P", "published_precision": "day", "kind": "press"}),
    ("sources", {**SOURCE, "url": "https://example.org/"}),  # a home page, not a document
    ("observations", OBSERVATION),  # half a person
    ("events", {**EVENT, "actors": [{**EVENT["actors"][0], "contributor": "nowhere"}]}),  # type: ignore[dict-item]
    ("missions", {"name": "M", "kind": "ad_hoc", "host_country": "HTI", "status": "active", "sources": []}),
]


@pytest.mark.parametrize(("resource", "body"), REFUSED)
def test_refusals_are_rests(
    wclient: TestClient, curate: dict[str, str], resource: str, body: dict[str, Any]
) -> None:
    rest = wclient.post(f"/v1/{resource}", json=body, headers=curate)
    assert 400 <= rest.status_code < 500, rest.text
    problem = rest.json()
    answer = _create(wclient, resource, body, curate)
    assert answer["data"] is None
    (error,) = answer["errors"]
    assert error["message"] == problem["detail"]
    assert error["extensions"]["status"] == rest.status_code
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["errors"] == problem.get("errors", [])


@pytest.mark.parametrize(
    ("resource", "body"),
    [
        ("contributors", CONTRIBUTOR),
        ("sources", SOURCE),
        ("events", EVENT),
        ("observations", {**OBSERVATION, "value": 3}),
    ],
)
def test_the_same_body_makes_the_same_record(
    wclient: TestClient, curate: dict[str, str], resource: str, body: dict[str, Any]
) -> None:
    rest = wclient.post(f"/v1/{resource}", json=body, headers=curate)
    assert rest.status_code == 201, rest.text
    answer = _create(wclient, resource, body, curate)
    assert "errors" not in answer, answer
    made = answer["data"][f"create{_name(resource)}"]
    expand = ",".join(WRITABLE[resource])
    query = f"?expand={expand}" if expand else ""
    by_rest = wclient.get(f"/v1/{resource}/{rest.json()['id']}{query}").json()
    by_graphql = wclient.get(f"/v1/{resource}/{made['id']}{query}").json()
    skip = {"id", "created_at", "updated_at"}
    assert {k: v for k, v in by_graphql.items() if k not in skip} == {
        k: v for k, v in by_rest.items() if k not in skip
    }


MISSION = {
    "name": "Patchable mission",
    "acronym": "PM",
    "kind": "ad_hoc",
    "host_country": "HTI",
    "status": "active",
    "summary": "Before.",
    "sources": ["un-press-sc-15432"],
}


def test_a_patch_tells_absent_from_null(wclient: TestClient, curate: dict[str, str]) -> None:
    made = _create(wclient, "missions", MISSION, curate)["data"]["createMission"]
    record = made["id"]
    # a field left out stays; a field given changes
    changed = _update(wclient, "missions", record, 1, {"summary": "After."}, curate)
    assert changed["data"]["updateMission"]["version"] == 2
    stored = wclient.get(f"/v1/missions/{record}").json()
    assert (stored["summary"], stored["acronym"]) == ("After.", "PM")
    # null clears an optional field, as a JSON merge patch does
    cleared = _update(wclient, "missions", record, 2, {"acronym": None}, curate)
    assert "errors" not in cleared, cleared
    stored = wclient.get(f"/v1/missions/{record}").json()
    assert (stored["summary"], stored["acronym"]) == ("After.", None)
    # null on a field the record needs: REST's refusal, word for word
    for patch in ({"name": None}, {"sources": None}, {}):
        rest = wclient.patch(
            f"/v1/missions/{record}",
            json=patch,
            headers={**curate, "If-Match": '"v3"', "Content-Type": "application/merge-patch+json"},
        )
        answer = _update(wclient, "missions", record, 3, patch, curate)
        (error,) = answer["errors"]
        assert (error["extensions"]["status"], error["message"]) == (rest.status_code, rest.json()["detail"])
        assert error["extensions"]["errors"] == rest.json().get("errors", [])
    assert wclient.get(f"/v1/missions/{record}").json()["version"] == 3
    history = wclient.post(
        "/graphql",
        json={
            "query": f'{{ mission(id: "{record}") {{ history {{ nodes {{ before {{ acronym summary }} '
            "after { acronym summary chapterVii kind sources } } } } }"
        },
    ).json()["data"]["mission"]["history"]["nodes"]
    assert [n["before"] for n in history] == [
        None,
        {"acronym": "PM", "summary": "Before."},
        {"acronym": "PM", "summary": "After."},
    ]
    assert history[-1]["after"] == {
        "acronym": None,
        "summary": "After.",
        "chapterVii": False,
        "kind": "AD_HOC",
        "sources": ["un-press-sc-15432"],
    }


def test_votes_patch_merges_choice_by_choice(wclient: TestClient, curate: dict[str, str]) -> None:
    """A nested input patches as JSON merge patch does: the choices given replace theirs,
    null removes one, the others stay."""
    record = "s-res-1529-2004"
    before = wclient.get(f"/v1/resolutions/{record}?expand=votes").json()
    yes = sorted(v["member"] for v in before["votes"] if v["vote"] == "yes")
    assert len(yes) == 15
    patch = {"votes": {"yes": yes[1:], "abstain": yes[:1]}, "votes_for": 14, "abstentions": 1}
    answer = _update(wclient, "resolutions", record, before["version"], patch, curate)
    assert "errors" not in answer, answer
    after = wclient.get(f"/v1/resolutions/{record}?expand=votes").json()
    assert {v["member"]: v["vote"] for v in after["votes"]} == {
        **dict.fromkeys(yes[1:], "yes"),
        yes[0]: "abstain",
    }
    # a choice's list cannot be null (REST's refusal); [] empties it
    refused = {"votes": {"abstain": None}}
    rest = wclient.patch(
        f"/v1/resolutions/{record}",
        json=refused,
        headers={
            **curate,
            "If-Match": f'"v{after["version"]}"',
            "Content-Type": "application/merge-patch+json",
        },
    )
    (error,) = _update(wclient, "resolutions", record, after["version"], refused, curate)["errors"]
    assert rest.status_code == error["extensions"]["status"] == 422
    assert error["extensions"]["errors"] == rest.json()["errors"]
    back = {"votes": {"yes": yes, "abstain": []}, "votes_for": 15, "abstentions": 0}
    answer = _update(wclient, "resolutions", record, after["version"], back, curate)
    assert "errors" not in answer, answer
    final = wclient.get(f"/v1/resolutions/{record}?expand=votes").json()
    assert sorted(v["member"] for v in final["votes"] if v["vote"] == "yes") == yes
    assert not [v for v in final["votes"] if v["vote"] != "yes"]
