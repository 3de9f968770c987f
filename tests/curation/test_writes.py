"""Writes through REST: auth, validation, optimistic concurrency, idempotency, history,
tombstones and as_recorded."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import orjson
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.curation.keys import revoke_key

EVENT = {
    "date": "2025-10-02",
    "date_precision": "day",
    "kind": "statement",
    "title": "Curators record a statement on the Gang Suppression Force",
    "mission": "gang-suppression-force",
    "actors": [{"contributor": "kenya", "role": "contributor", "stance": "support"}],
    "sources": ["un-press-sc-15432"],
}


def _count(client: TestClient, resource: str) -> int:
    return int(client.get(f"/v1/{resource}?limit=1").json()["meta"]["count"])


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (None, 401),
        ("Basic dXNlcjpwYXNz", 401),
        ("Bearer not-a-key", 401),
        ("Bearer po_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAA", 401),
    ],
)
def test_writes_need_a_valid_key(wclient: TestClient, header: str | None, status: int) -> None:
    before = _count(wclient, "events")
    headers = {"Authorization": header} if header else {}
    response = wclient.post("/v1/events", json=EVENT, headers=headers)
    assert response.status_code == status
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"
    assert _count(wclient, "events") == before


def test_read_scope_is_forbidden(wclient: TestClient, keys: dict[str, str]) -> None:
    response = wclient.post("/v1/events", json=EVENT, headers={"Authorization": f"Bearer {keys['read']}"})
    assert response.status_code == 403
    assert keys["read"] not in response.text


def test_revoked_key_is_refused(wclient: TestClient, writable_app: Starlette) -> None:
    from api.curation.keys import create_key
    from api.models.enums import KeyScope

    key = create_key(writable_app.state.engine, name="short-lived", scope=KeyScope.curate)
    revoke_key(writable_app.state.engine, key.split("_")[1])
    response = wclient.post("/v1/events", json=EVENT, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert key not in response.text


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"sources": []}, 422, "sources"),
        ({"mission": "atlantis"}, 409, "mission"),
        ({"colour": "blue"}, 422, "body"),
        ({"kind": "rumour"}, 422, "kind"),
        ({"date": "2025-02-30"}, 422, "date"),
        ({"id": "my-own-id"}, 422, "id"),
        ({"version": 7}, 422, "version"),
        ({"created_at": "2025-01-01T00:00:00Z"}, 422, "created_at"),
        (
            {"actors": [{"contributor": "atlantis", "role": "donor", "stance": "support"}]},
            409,
            "actors.0.contributor",
        ),
    ],
)
def test_invalid_records_are_refused(
    wclient: TestClient, curate: dict[str, str], change: dict[str, Any], status: int, field: str
) -> None:
    before = _count(wclient, "events")
    response = wclient.post("/v1/events", json={**EVENT, **change}, headers=curate)
    assert response.status_code == status, response.text
    assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert _count(wclient, "events") == before


def test_votes_must_match_the_council(wclient: TestClient, curate: dict[str, str]) -> None:
    resolution = wclient.get("/v1/resolutions/s-res-2751-2024").json()
    response = wclient.patch(
        "/v1/resolutions/s-res-2751-2024",
        json={"votes": {"yes": ["china"]}},
        headers={**curate, "If-Match": f'"v{resolution["version"]}"'},
    )
    assert response.status_code == 409
    assert wclient.get("/v1/resolutions/s-res-2751-2024").json()["version"] == resolution["version"]


def test_a_mandate_shows_its_resolutions_tally(wclient: TestClient, curate: dict[str, str]) -> None:
    """The tally is written on the resolution; its mandates follow it (and their versions
    rise); written on the mandate, it is refused with a pointer to the resolution."""
    mandate = wclient.get("/v1/mandates/s-res-2751-2024").json()
    refused = wclient.patch(
        "/v1/mandates/s-res-2751-2024",
        json={"votes_for": 14},
        headers={**curate, "If-Match": f'"v{mandate["version"]}"'},
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0] == {
        "field": "votes_for",
        "message": "is copied from the resolution; write it there",
    }
    resolution = wclient.get("/v1/resolutions/s-res-2751-2024").json()
    patched = wclient.patch(
        "/v1/resolutions/s-res-2751-2024",
        json={"meeting": 99999},
        headers={**curate, "If-Match": f'"v{resolution["version"]}"'},
    )
    assert patched.status_code == 200, patched.text
    after = wclient.get("/v1/mandates/s-res-2751-2024").json()
    assert after["meeting"] == 99999 and after["version"] == mandate["version"] + 1
    wclient.patch(
        "/v1/resolutions/s-res-2751-2024",
        json={"meeting": resolution["meeting"]},
        headers={**curate, "If-Match": f'"v{resolution["version"] + 1}"'},
    )
    assert wclient.get("/v1/mandates/s-res-2751-2024").json()["meeting"] == resolution["meeting"]


def test_create_update_delete_with_history(wclient: TestClient, curate: dict[str, str]) -> None:
    created = wclient.post("/v1/events", json=EVENT, headers=curate)
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["id"] == "2025-10-02-curators-record-a-statement-on-the-gang-suppression-force"
    assert created.headers["etag"] == '"v1"' and created.headers["location"].endswith(record["id"])
    assert any(e["id"] == record["id"] for e in wclient.get("/v1/events?q=curators").json()["data"])
    url = f"/v1/events/{record['id']}"
    assert wclient.get(url).headers["etag"] == '"v1"'

    assert wclient.patch(url, json={"summary": "x"}, headers=curate).status_code == 428
    assert (
        wclient.patch(url, json={"summary": "x"}, headers={**curate, "If-Match": '"v9"'}).status_code == 412
    )
    moment = dt.datetime.now(dt.UTC)
    time.sleep(0.01)
    updated = wclient.patch(
        url,
        json={"summary": "Corrected.", "location": "Port-au-Prince"},
        headers={**curate, "If-Match": '"v1"', "Content-Type": "application/merge-patch+json"},
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.headers["etag"] == '"v2"'
    cleared = wclient.patch(url, json={"location": None}, headers={**curate, "If-Match": '"v2"'})
    assert cleared.json()["location"] is None

    then = wclient.get(url, params={"as_recorded": moment.isoformat()}).json()
    assert then["summary"] is None and then["version"] == 1
    assert then["actors"] == EVENT["actors"]

    assert wclient.delete(url, headers={**curate, "If-Match": '"v2"'}).status_code == 412
    assert wclient.delete(url, headers={**curate, "If-Match": '"v3"'}).status_code == 204
    assert wclient.get(url).status_code == 404
    history = wclient.get(f"{url}/history").json()["data"]
    assert [h["action"] for h in history] == ["create", "update", "update", "delete"]
    assert history[-1]["after"] is None and history[-1]["before"]["summary"] == "Corrected."
    assert history[1]["before"]["summary"] is None and history[1]["after"]["summary"] == "Corrected."
    assert all(h["key_id"] and len(h["key_id"]) == 12 for h in history)
    assert wclient.get(url, params={"as_recorded": moment.isoformat()}).json()["version"] == 1

    again = wclient.post("/v1/events", json=EVENT, headers=curate).json()
    assert again["id"] == record["id"] + "-2", "a deleted record's id is never reused"


def test_idempotent_retry_creates_one_record(wclient: TestClient, curate: dict[str, str]) -> None:
    body = {**EVENT, "title": "An idempotent statement"}
    headers = {**curate, "Idempotency-Key": "retry-me-1"}
    before = _count(wclient, "events")
    first = wclient.post("/v1/events", json=body, headers=headers)
    second = wclient.post("/v1/events", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second.headers["idempotent-replayed"] == "true"
    assert _count(wclient, "events") == before + 1
    other = wclient.post("/v1/events", json={**body, "title": "Another"}, headers=headers)
    assert other.status_code == 409


def test_deleting_a_referenced_record_is_refused(wclient: TestClient, curate: dict[str, str]) -> None:
    kenya = wclient.get("/v1/contributors/kenya").json()
    response = wclient.delete(
        "/v1/contributors/kenya", headers={**curate, "If-Match": f'"v{kenya["version"]}"'}
    )
    assert response.status_code == 409 and "missions/mss-haiti" in response.text
    assert wclient.get("/v1/contributors/kenya").json()["version"] == kenya["version"]


def test_source_title_change_reaches_search(wclient: TestClient, curate: dict[str, str]) -> None:
    created = wclient.post(
        "/v1/sources",
        json={
            "title": "Zanzibar bulletin",
            "publisher": "Test Press",
            "url": "https://example.org/zanzibar-bulletin",
            "kind": "press",
        },
        headers=curate,
    ).json()
    event = wclient.post(
        "/v1/events", json={**EVENT, "title": "Cited event", "sources": [created["id"]]}, headers=curate
    ).json()
    assert [e["id"] for e in wclient.get("/v1/events?q=zanzibar").json()["data"]] == [event["id"]]
    wclient.patch(
        f"/v1/sources/{created['id']}",
        json={"title": "Quokka bulletin"},
        headers={**curate, "If-Match": '"v1"'},
    )
    assert wclient.get("/v1/events?q=zanzibar").json()["data"] == []
    assert [e["id"] for e in wclient.get("/v1/events?q=quokka").json()["data"]] == [event["id"]]


def test_a_new_date_moves_an_event_in_search_order(wclient: TestClient, curate: dict[str, str]) -> None:
    """A search in date order reads the dates its documents carry (migration 0006): a
    patched date reaches them in the same transaction."""
    early, late = (
        wclient.post(
            "/v1/events", json={**EVENT, "title": f"Wombat sighting {n}", "date": day}, headers=curate
        ).json()
        for n, day in ((1, "2025-10-03"), (2, "2025-10-04"))
    )

    def found(sort: str | None = None) -> list[str]:
        params = {"q": "wombat", **({"sort": sort} if sort else {})}
        return [e["id"] for e in wclient.get("/v1/events", params=params).json()["data"]]

    assert found() == [early["id"], late["id"]]
    moved = wclient.patch(
        f"/v1/events/{early['id']}", json={"date": "2025-10-05"}, headers={**curate, "If-Match": '"v1"'}
    )
    assert moved.status_code == 200, moved.text
    assert found() == [late["id"], early["id"]]
    assert found("-date") == [early["id"], late["id"]]


def test_a_patched_record_reads_the_same_in_lists(wclient: TestClient, curate: dict[str, str]) -> None:
    """A list page reads each record's stored JSON object on SQLite (migration 0007): a
    create and a patch reach it in their own transaction, as the record's own GET sees."""
    made = wclient.post("/v1/events", json={**EVENT, "title": "Quokka census"}, headers=curate).json()
    patched = wclient.patch(
        f"/v1/events/{made['id']}",
        json={"title": 'Quokka census, "revised"', "location": None},
        headers={**curate, "If-Match": '"v1"'},
    )
    assert patched.status_code == 200, patched.text
    listed = wclient.get("/v1/events", params={"id": made["id"]}).json()["data"]
    assert listed == [wclient.get(f"/v1/events/{made['id']}").json()]
    assert listed[0]["title"] == 'Quokka census, "revised"' and listed[0]["version"] == 2
    exported = wclient.get("/v1/events", params={"id": made["id"], "format": "ndjson"}).text
    assert [orjson.loads(line) for line in exported.splitlines()] == listed


def test_a_second_resolution_with_one_symbol_is_a_409(wclient: TestClient, curate: dict[str, str]) -> None:
    taken = wclient.get("/v1/resolutions/s-res-2699-2023").json()
    body = {k: taken[k] for k in ("symbol", "adopted_on")} | {"sources": ["un-press-sc-15432"]}
    response = wclient.post("/v1/resolutions", json=body, headers=curate)
    assert response.status_code == 409, response.text
    assert response.json()["errors"] == [
        {"field": "symbol", "message": "'S/RES/2699 (2023)' is resolution 's-res-2699-2023'"}
    ]


def test_a_count_of_persons_is_a_whole_number(wclient: TestClient, curate: dict[str, str]) -> None:
    body = {
        "mission": "mss-haiti",
        "metric": "personnel_deployed",
        "value": 12.5,
        "unit": "persons",
        "as_of": "2025-03-01",
        "confidence": "reported",
        "sources": ["capitalfm-2025-04-04"],
    }
    refused = wclient.post("/v1/observations", json=body, headers=curate)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "value"
    money = {**body, "metric": "funding_spent", "unit": "usd", "value": 1234.56}
    created = wclient.post("/v1/observations", json=money, headers=curate)
    assert created.status_code == 201 and created.json()["value"] == 1234.56
    record = created.json()
    patched = wclient.patch(
        f"/v1/observations/{record['id']}",
        json={"unit": "persons", "metric": "personnel_deployed"},
        headers={
            **curate,
            "If-Match": f'"v{record["version"]}"',
            "Content-Type": "application/merge-patch+json",
        },
    )
    assert patched.status_code == 409 and "whole number" in patched.json()["detail"]
