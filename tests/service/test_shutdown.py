"""Graceful shutdown over real HTTP: SIGTERM while a slow streaming response is in flight;
the response completes, then the server exits."""

from __future__ import annotations

import signal
import threading
import time

import httpx
import pytest

from tests.service.server import Server
from tests.service.slow_app import CHUNKS

pytestmark = [pytest.mark.slow, pytest.mark.http]


def test_sigterm_lets_the_request_in_flight_finish(tmp_path_factory: pytest.TempPathFactory) -> None:
    db = tmp_path_factory.mktemp("shutdown") / "peaceops.db"
    server = Server(
        ["-m", "tests.service.slow_app", "{port}"], env={"PEACEOPS_DATABASE_URL": f"sqlite:///{db}"}
    )
    try:
        server.wait_ready()
        lines: list[str] = []
        first_chunk = threading.Event()
        errors: list[BaseException] = []

        def read() -> None:
            try:
                with httpx.stream("GET", server.base + "/_slow", timeout=15) as response:
                    for line in response.iter_lines():
                        lines.append(line)
                        first_chunk.set()
            except httpx.HTTPError as exc:
                errors.append(exc)
                first_chunk.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert first_chunk.wait(10)
        server.terminate()
        sent_at = time.monotonic()
        reader.join(timeout=15)
        assert not errors, errors
        assert lines == [f"chunk {i}" for i in range(CHUNKS)]
        # uvicorn re-raises the signal once it has shut down cleanly
        assert server.process.wait(timeout=15) in (0, -signal.SIGTERM)
        assert time.monotonic() - sent_at < 10
        assert "Waiting for connections to close" in server.output() or "Shutting down" in server.output()
    finally:
        server.stop()
