"""Sixteen curators each apply 25 read-modify-write updates to one record, over real HTTP
against a running server, retrying on 412: no update is lost, in the record or its history."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from api.research.dataset_version import compute_dataset_version, read_dataset_version

WRITERS = 16
UPDATES = 25


@pytest.fixture(scope="module")
def server(writable_app: Starlette) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(writable_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_concurrent_read_modify_write_loses_nothing(server: str, curate: dict[str, str]) -> None:
    url = f"{server}/v1/observations/mss-planned-2024-09-29-article"
    start_version = httpx.get(url).json()["version"]
    errors: list[str] = []
    retries = [0]
    lock = threading.Lock()

    def writer(n: int) -> None:
        with httpx.Client(timeout=30) as client:
            for i in range(UPDATES):
                token = f"w{n:02d}u{i:02d}"
                while True:
                    current = client.get(url).json()
                    note = (current["note"] or "") + f" {token}"
                    response = client.patch(
                        url, json={"note": note}, headers={**curate, "If-Match": f'"v{current["version"]}"'}
                    )
                    if response.status_code == 200:
                        break
                    if response.status_code != 412:
                        errors.append(f"{response.status_code} {response.text[:200]}")
                        return
                    with lock:
                        retries[0] += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors, errors[:5]
    final = httpx.get(url).json()
    tokens = set(final["note"].split())
    expected = {f"w{n:02d}u{i:02d}" for n in range(WRITERS) for i in range(UPDATES)}
    assert expected <= tokens, f"lost {len(expected - tokens)} updates"
    assert final["version"] == start_version + WRITERS * UPDATES
    history = httpx.get(f"{url}/history?limit=500").json()["data"]  # WRITERS * UPDATES < 500
    updates = [h for h in history if h["action"] == "update"]
    assert len(updates) == WRITERS * UPDATES
    assert all(
        set(h["before"]["note"].split()) < set(h["after"]["note"].split())
        for h in updates
        if h["before"]["note"]
    )
    assert retries[0] > 0, "the writers should have collided at least once"


def test_concurrent_writes_to_different_records_leave_the_right_dataset_version(
    server: str, curate: dict[str, str], writable_app: Starlette
) -> None:
    # Writers that do not wait for each other (each updates a record of its own) must still
    # leave the dataset version that the data has: no writer may store a version computed
    # without another's committed change.
    ids = [row["id"] for row in httpx.get(f"{server}/v1/observations", params={"limit": 8}).json()["data"]]
    errors: list[str] = []

    def writer(record_id: str) -> None:
        url = f"{server}/v1/observations/{record_id}"
        with httpx.Client(timeout=30) as client:
            for i in range(6):
                current = client.get(url).json()
                response = client.patch(
                    url,
                    json={"note": f"{record_id} {i}"},
                    headers={**curate, "If-Match": f'"v{current["version"]}"'},
                )
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {response.text[:200]}")
                    return

    threads = [threading.Thread(target=writer, args=(record_id,)) for record_id in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors, errors[:5]
    with writable_app.state.engine.connect() as conn:
        assert read_dataset_version(conn) == compute_dataset_version(conn)
