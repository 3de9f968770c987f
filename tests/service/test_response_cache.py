"""The response cache (api.service.response_cache): repeated reads are answered from it,
writes are never answered stale, credentials and mutations pass through, memory stays in
its budget; on both engines, in one process and across two workers over real HTTP."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from starlette.testclient import TestClient

from api.app import create_app
from api.curation.keys import create_key
from api.db import create_engine
from api.graphql.caching import cacheable_answer
from api.models.enums import KeyScope
from api.settings import Settings
from tests.service.server import Server

SEED = Path(__file__).resolve().parents[2] / "seed"
REDIS_URL = "redis://127.0.0.1:6379/0"
MISSION = "/v1/missions/mss-haiti"


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def seeded_url(make_seeded_database: Callable[[], str]) -> str:
    """A database of this module's own: its tests write."""
    return make_seeded_database()


@pytest.fixture(scope="module")
def curate(seeded_url: str) -> dict[str, str]:
    engine = create_engine(Settings(database_url=seeded_url))
    key = create_key(engine, name="cache-tests", scope=KeyScope.curate)
    engine.dispose()
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def make_client(seeded_url: str) -> Iterator[Callable[..., Any]]:
    @contextmanager
    def make(**overrides: Any) -> Iterator[TestClient]:
        settings = Settings(database_url=seeded_url, seed_dir=SEED, rate_limit=0, **overrides)
        app = create_app(settings)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client
        app.state.engine.dispose()

    yield make


def _counter(client: TestClient | httpx.Client, name: str) -> float:
    text = client.get("/metrics").text
    found = re.search(rf"^peaceops_response_cache_{name}_total (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def _route_count(client: TestClient, route: str) -> float:
    text = client.get("/metrics").text
    pattern = rf'^peaceops_http_requests_total{{method="GET",route="{re.escape(route)}",status="200"}} (\S+)$'
    found = re.search(pattern, text, re.M)
    return float(found.group(1)) if found else 0.0


def _patch_summary(client: Any, curate: dict[str, str], summary: str) -> dict[str, Any]:
    current = client.get(MISSION, headers=curate)  # with a key: never from the cache
    assert current.status_code == 200, current.text
    answer = client.patch(
        MISSION,
        json={"summary": summary},
        headers={
            **curate,
            "If-Match": current.headers["etag"],
            "Content-Type": "application/merge-patch+json",
        },
    )
    assert answer.status_code == 200, answer.text
    record: dict[str, Any] = answer.json()
    return record


def test_a_repeated_read_is_answered_from_the_cache(make_client: Callable[..., Any]) -> None:
    with make_client() as client:
        hits, misses = _counter(client, "hits"), _counter(client, "misses")
        answered = _route_count(client, "/v1/events")
        first = client.get("/v1/events?limit=5&sort=-date")
        second = client.get("/v1/events?limit=5&sort=-date")
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert first.headers["etag"] == second.headers["etag"]
        assert first.headers["cache-control"] == second.headers["cache-control"]
        assert first.headers["x-request-id"] != second.headers["x-request-id"]
        assert _counter(client, "misses") == misses + 1
        assert _counter(client, "hits") == hits + 1
        # a hit is counted under the route it matched
        assert _route_count(client, "/v1/events") == answered + 2

        not_modified = client.get(
            "/v1/events?limit=5&sort=-date", headers={"If-None-Match": first.headers["etag"]}
        )
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert not_modified.headers["etag"] == first.headers["etag"]
        assert _counter(client, "hits") == hits + 2


def test_formats_and_spellings_are_separate_answers(make_client: Callable[..., Any]) -> None:
    with make_client() as client:
        as_json = client.get("/v1/missions?limit=2")
        as_csv = client.get("/v1/missions?limit=2", headers={"Accept": "text/csv"})
        assert as_json.headers["content-type"].startswith("application/json")
        assert as_csv.headers["content-type"].startswith("text/csv")
        again = client.get("/v1/missions?limit=2", headers={"Accept": "text/csv"})
        assert again.content == as_csv.content
        # the answer repeats its own URL: another spelling is another answer
        other = client.get("/v1/missions?limit=2&fields=id,name")
        assert other.json()["links"]["self"].endswith("fields=id,name")


def test_a_write_is_seen_at_once_even_when_it_restores_the_data(
    make_client: Callable[..., Any], curate: dict[str, str]
) -> None:
    with make_client() as client:
        before = client.get(MISSION)
        assert client.get(MISSION).content == before.content  # cached
        original = before.json()["summary"]
        changed = _patch_summary(client, curate, "Cache test: a curated summary.")
        after = client.get(MISSION).json()
        assert after["summary"] == "Cache test: a curated summary."
        assert after["version"] == changed["version"]
        # Restoring the text brings the dataset version back, but not the record's
        # version, history or as_recorded answers: the cache must not answer from before.
        restored = _patch_summary(client, curate, original)
        again = client.get(MISSION)
        assert again.json()["summary"] == original
        assert again.json()["version"] == restored["version"] == before.json()["version"] + 2
        assert again.headers["etag"] != before.headers["etag"]
        history = client.get(f"{MISSION}/history").json()["data"]
        assert len(history) >= 2 and history[-1]["after"]["summary"] == original


def test_credentials_and_writes_pass_through(make_client: Callable[..., Any], curate: dict[str, str]) -> None:
    with make_client() as client:
        hits = _counter(client, "hits")
        for _ in range(3):
            assert client.get("/v1/missions?limit=1", headers=curate).status_code == 200
        assert _counter(client, "hits") == hits
        bad = client.get("/v1/missions?limit=0")
        assert bad.status_code == 400
        assert client.get("/v1/missions?limit=0").status_code == 400
        assert _counter(client, "hits") == hits, "a problem is never kept"


GRAPHQL_QUERY = {"query": "{ missions(first: 3) { nodes { id name } } }"}
GRAPHQL_MUTATION = """mutation($input: SourceCreateInput!) { createSource(input: $input) { id } }"""


def test_graphql_queries_are_kept_and_mutations_never(
    make_client: Callable[..., Any], curate: dict[str, str]
) -> None:
    with make_client() as client:
        hits = _counter(client, "hits")
        first = client.post("/graphql", json=GRAPHQL_QUERY)
        # the same request with its keys in another order is the same query
        second = client.post(
            "/graphql",
            content=b'{"variables": null, "query": "{ missions(first: 3) { nodes { id name } } }"}',
            headers={"Content-Type": "application/json"},
        )
        assert first.status_code == second.status_code == 200
        assert first.json() == second.json() and "errors" not in first.json()
        assert _counter(client, "hits") == hits + 1

        source = {
            "publisher": "Cache test",
            "title": "A document created twice",
            "url": "https://example.org/cache-test/" + uuid.uuid4().hex,
            "kind": "PRESS",
            "publishedOn": "2025-01-01",
        }
        made = [
            client.post(
                "/graphql", json={"query": GRAPHQL_MUTATION, "variables": {"input": source}}, headers=curate
            ).json()
            for _ in range(2)
        ]
        assert all("errors" not in m for m in made), made
        assert made[0]["data"]["createSource"]["id"] != made[1]["data"]["createSource"]["id"]


def test_which_graphql_answers_may_be_kept() -> None:
    ok = b'{"data":{"missions":{"nodes":[]}}}'
    assert cacheable_answer(b'{"query":"{ missions { nodes { id } } }"}', ok)
    assert cacheable_answer(b"", ok)  # GET serves queries only
    assert not cacheable_answer(b'{"query":"mutation { deleteSource(id: \\"x\\") { id } }"}', ok)
    assert not cacheable_answer(b'{"query":"query A { a } mutation B { b }"}', ok)
    assert cacheable_answer(b'{"query":"query A { a } mutation B { b }","operationName":"A"}', ok)
    assert not cacheable_answer(b'{"query":"{ missions }"}', b'{"data":null,"errors":[{"message":"x"}]}')
    assert not cacheable_answer(b'{"query":"{ broken"}', ok)
    assert not cacheable_answer(b"not json", ok)


def test_the_budget_bounds_memory_and_counts_evictions(make_client: Callable[..., Any]) -> None:
    budget_mb = 0.01  # 10 KiB: a few small pages (an answer may take an eighth)
    with make_client(cache_mb=budget_mb) as client:
        evictions = _counter(client, "evictions")
        for limit in range(1, 21):  # twenty answers of about 0.4 to 1 KiB
            assert client.get(f"/v1/missions?limit={limit}&fields=id").status_code == 200
        cache = client.app.response_cache  # type: ignore[attr-defined]
        assert 0 < cache.memory.used <= budget_mb * 1024 * 1024
        assert _counter(client, "evictions") > evictions


def test_zero_turns_the_cache_off(make_client: Callable[..., Any]) -> None:
    with make_client(cache_mb=0) as client:
        hits = _counter(client, "hits")
        for _ in range(3):
            assert client.get("/v1/missions?limit=1").status_code == 200
        assert client.app.response_cache is None  # type: ignore[attr-defined]
        assert _counter(client, "hits") == hits


@pytest.mark.skipif(not _redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
def test_workers_share_answers_through_redis(make_client: Callable[..., Any]) -> None:
    path = f"/v1/events?limit=3&q=haiti&sort=-date&fields=id,date&_={uuid.uuid4().hex[:6]}"
    with make_client(redis_url=REDIS_URL) as worker1, make_client(redis_url=REDIS_URL) as worker2:
        first = worker1.get(path.rsplit("&_=", 1)[0])
        assert first.status_code == 200
        hits = _counter(worker2, "hits")
        second = worker2.get(path.rsplit("&_=", 1)[0])
        assert second.content == first.content
        assert _counter(worker2, "hits") == hits + 1
        assert worker2.app.response_cache.memory.get  # type: ignore[attr-defined]


def test_unreachable_redis_costs_only_misses(make_client: Callable[..., Any]) -> None:
    with make_client(redis_url="redis://127.0.0.1:1/0") as client:
        assert [client.get("/v1/missions?limit=1").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize("shared", [False, True], ids=["memory", "redis"])
def test_two_workers_never_answer_from_before_a_write(
    seeded_url: str, curate: dict[str, str], shared: bool
) -> None:
    """``peaceops serve --workers 2``: after a write's response has arrived, and the state
    token's refresh interval (1 s, README) has passed, no worker answers the old record."""
    if shared and not _redis_answers():
        pytest.skip("no Redis answers on 127.0.0.1:6379")
    env = {"PEACEOPS_DATABASE_URL": seeded_url}
    if shared:
        env["PEACEOPS_REDIS_URL"] = REDIS_URL
    server = Server(["-m", "api.cli", "serve", "--workers", "2", "--port", "{port}"], env=env)
    try:
        server.wait_ready("/readyz")
        for round_ in range(3):
            # fill both workers' caches: new connections land on either worker
            for _ in range(8):
                with httpx.Client(base_url=server.base, timeout=10) as reader:
                    assert reader.get(MISSION).status_code == 200
            text = f"Two workers, round {round_}: {uuid.uuid4().hex[:8]}"
            with httpx.Client(base_url=server.base, timeout=10) as writer:
                written = _patch_summary(writer, curate, text)
            time.sleep(1.05)
            seen = []
            for _ in range(16):
                with httpx.Client(base_url=server.base, timeout=10) as reader:
                    record = reader.get(MISSION).json()
                    seen.append((record["summary"], record["version"]))
            assert set(seen) == {(text, written["version"])}, seen
        with httpx.Client(base_url=server.base, timeout=10) as reader:
            assert _counter(reader, "hits") > 0
    finally:
        server.stop()
