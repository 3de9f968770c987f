"""Rate limits: budgets per client, the headers, 429 past them, GraphQL by cost, and one
shared budget across workers through Redis."""

from __future__ import annotations

import asyncio
import re
import uuid

import pytest

from api.service.ratelimit_backends import MemoryBackend, RedisBackend
from tests.service.conftest import MakeClient

REDIS_URL = "redis://127.0.0.1:6379/15"
SMALL = "{ missions(first: 1) { nodes { id } } }"


def test_headers_and_429_past_the_budget(make_client: MakeClient) -> None:
    with make_client(rate_limit=3, rate_limit_window=60) as client:
        remaining = []
        for _ in range(3):
            response = client.get("/v1/missions?limit=1")
            assert response.status_code == 200
            assert response.headers["ratelimit-policy"] == '"default";q=3;w=60'
            assert response.headers["x-ratelimit-limit"] == "3"
            remaining.append(int(response.headers["x-ratelimit-remaining"]))
            match = re.fullmatch(r'"default";r=(\d+);t=(\d+)', response.headers["ratelimit"])
            assert match and int(match[1]) == remaining[-1] and 1 <= int(match[2]) <= 60
        assert remaining == [2, 1, 0]
        refused = client.get("/v1/missions?limit=1")
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.headers["x-ratelimit-remaining"] == "0"
        assert refused.json()["status"] == 429
        assert refused.json()["instance"].startswith("/v1/missions#req=")
        assert "x-request-id" in refused.headers and "content-security-policy" in refused.headers


def test_operator_endpoints_are_never_limited(make_client: MakeClient) -> None:
    with make_client(rate_limit=1) as client:
        client.get("/v1/missions?limit=1")
        assert client.get("/v1/missions?limit=1").status_code == 429
        for path in ("/healthz", "/readyz", "/metrics"):
            assert client.get(path).status_code == 200


def test_bearer_keys_have_their_own_budgets(make_client: MakeClient) -> None:
    with make_client(rate_limit=2) as client:
        alice = {"Authorization": "Bearer alice-key"}
        bob = {"Authorization": "Bearer bob-key"}
        assert [client.get("/healthz").status_code for _ in range(2)] == [200, 200]
        assert client.get("/v1/missions?limit=1", headers=alice).status_code == 200
        assert client.get("/v1/missions?limit=1", headers=alice).status_code == 200
        assert client.get("/v1/missions?limit=1", headers=alice).status_code == 429
        assert client.get("/v1/missions?limit=1", headers=bob).status_code == 200
        assert client.get("/v1/missions?limit=1").status_code == 200  # by address


def test_graphql_counts_by_cost(make_client: MakeClient) -> None:
    with make_client(rate_limit=100) as client:
        small = client.post("/graphql", json={"query": SMALL})
        assert small.status_code == 200
        assert small.headers["x-ratelimit-remaining"] == "99"
        # 500 records: 10 default pages of 50
        ten = client.post("/graphql", json={"query": "{ missions(first: 500) { nodes { id } } }"})
        assert ten.headers["x-ratelimit-remaining"] == "89"
        by_get = client.get("/graphql", params={"query": "{ missions(first: 100) { nodes { id } } }"})
        assert by_get.status_code == 200 and by_get.headers["x-ratelimit-remaining"] == "87"
        variables = client.post(
            "/graphql",
            json={
                "query": "query($n: Int) { missions(first: $n) { nodes { id } } }",
                "variables": {"n": 250},
            },
        )
        assert variables.headers["x-ratelimit-remaining"] == "82"


def test_a_query_heavier_than_the_whole_budget_spends_it_all(make_client: MakeClient) -> None:
    with make_client(rate_limit=8) as client:  # the query weighs 10
        first = client.post("/graphql", json={"query": "{ missions(first: 500) { nodes { id } } }"})
        assert first.status_code == 200 and first.headers["x-ratelimit-remaining"] == "0"
        refused = client.post("/graphql", json={"query": "{ missions(first: 500) { nodes { id } } }"})
        assert refused.status_code == 429


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"query": 3}',
        b'{"query": "{ missions { "}',
        b'{"query": "fragment A on Mission { ...A } { missions { nodes { ...A } } }"}',
    ],
)
def test_unparsable_graphql_weighs_one(make_client: MakeClient, body: bytes) -> None:
    with make_client(rate_limit=10) as client:
        response = client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code < 500
        assert response.headers["x-ratelimit-remaining"] == "9"


def test_memory_backend_windows() -> None:
    async def run() -> list[bool]:
        backend = MemoryBackend()
        return [
            bool(d and d.allowed) for d in [await backend.spend("k", 2, limit=5, window=60) for _ in range(3)]
        ]

    assert asyncio.run(run()) == [True, True, False]


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
def test_redis_gives_workers_one_shared_budget(make_client: MakeClient) -> None:
    key = {"Authorization": f"Bearer {uuid.uuid4()}"}
    with (
        make_client(rate_limit=4, redis_url=REDIS_URL) as worker1,
        make_client(rate_limit=4, redis_url=REDIS_URL) as worker2,
    ):
        statuses = []
        for i in range(6):
            worker = worker1 if i % 2 == 0 else worker2
            statuses.append(worker.get("/v1/missions?limit=1", headers=key).status_code)
        assert statuses == [200, 200, 200, 200, 429, 429]


def test_unreachable_redis_fails_open(make_client: MakeClient) -> None:
    with make_client(rate_limit=1, redis_url="redis://127.0.0.1:1/0") as client:
        assert [client.get("/v1/missions?limit=1").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.skipif(not _redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
def test_redis_backend_refusal_spends_nothing() -> None:
    async def run() -> list[int]:
        backend = RedisBackend(REDIS_URL)
        key = uuid.uuid4().hex
        out = []
        for cost in (3, 3, 2):
            decision = await backend.spend(key, cost, limit=5, window=60)
            assert decision is not None
            out.append(decision.remaining if decision.allowed else -1)
        await backend.close()
        return out

    assert asyncio.run(run()) == [2, -1, 0]
