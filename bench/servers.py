"""The benchmark's processes and clients: uvicorn servers in their own process groups,
the load generators (wrk, or a keep-alive asyncio loader), sequential latency, streamed
exports, and the meters of memory (VmRSS) and of the machine's other CPU use.

Shared by ``rest.py`` and ``rest_postgres.py``; nothing here knows the app or an engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# --- processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def proc_cpu(pid: int, *, children: bool = False) -> float:
    """user + system CPU-seconds of a process (``children``: plus its reaped children's)."""
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    ticks = int(parts[11]) + int(parts[12]) + (int(parts[13]) + int(parts[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def child_pids(pid: int) -> list[int]:
    """The live children of a process (uvicorn's workers under its supervisor)."""
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(x) for x in f.read().split()]
    return out


@dataclass
class Server:
    """``uvicorn APP --factory`` with ``workers`` processes (one: no supervisor)."""

    name: str
    app: str
    env: dict[str, str]
    app_dir: Path | None = None
    workers: int = 1
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    log: Any = None
    _cpu: float = 0.0

    def start(self) -> None:
        cmd = [sys.executable, "-m", "uvicorn", self.app, "--factory",
               "--loop", "uvloop" if _has("uvloop") else "auto",
               "--http", "httptools" if _has("httptools") else "auto",
               "--workers", str(self.workers), "--host", HOST, "--port", str(self.port), "--no-access-log",
               "--log-level", "warning"]
        if self.app_dir is not None:
            cmd += ["--app-dir", str(self.app_dir)]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **self.env},
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.output()}")
            try:
                status, _, _ = get(self.port, path, timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer 200 on {path} within {timeout:.0f} s:\n{self.output()}")

    def output(self) -> str:
        if self.log is None:
            return ""
        self.log.seek(0)
        return str(self.log.read().decode(errors="replace"))[-4000:]

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu_seconds(self) -> float:
        """user + system CPU of the server process and its workers, kept after it stops."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(OSError, IndexError, ValueError):
                total = proc_cpu(self.proc.pid, children=True)
                for child in child_pids(self.proc.pid):
                    with contextlib.suppress(OSError, IndexError, ValueError):
                        total += proc_cpu(child)
                self._cpu = total
        return self._cpu

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the server itself, or its workers."""
        return child_pids(self.pid) if self.workers > 1 else [self.pid]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.cpu_seconds()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own group: start_new_session
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


# --- HTTP clients -----------------------------------------------------------------------------


def get(port: int, path: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def sequential_latency(port: int, path: str, *, samples: int, budget: float) -> tuple[list[float], dict[str, Any]]:
    """One keep-alive connection, one request at a time: latencies in seconds and the last
    parsed body. Stops after ``samples`` requests or ``budget`` seconds (at least 3)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    out: list[float] = []
    body: dict[str, Any] = {}
    deadline = time.perf_counter() + budget
    try:
        while len(out) < samples and (len(out) < 3 or time.perf_counter() < deadline):
            t0 = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            raw = resp.read()
            out.append(time.perf_counter() - t0)
            if resp.status != 200:
                raise RuntimeError(f"GET {path}: {resp.status} {raw[:300]!r}")
        body = json.loads(raw)
    finally:
        conn.close()
    return out, body


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    p50: float  # seconds
    p99: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _seconds(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(text)
    return float(m.group(1)) * _UNITS[m.group(2)]


def wrk_load(port: int, path: str, *, concurrency: int, duration: float, threads: int) -> LoadResult:
    url = f"http://{HOST}:{port}{path}"
    cmd = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{max(1, round(duration))}s", "--latency",
           "--timeout", "30s", url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    total = re.search(r"^\s*(\d+) requests in ([\d.]+)(\w+)", out, re.M)
    if not total or "50" not in pct or "99" not in pct:
        raise RuntimeError(f"cannot parse wrk output:\n{out}")
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(x) for x in m.groups())
    return LoadResult("wrk", int(total.group(1)), _seconds(total.group(2) + total.group(3)),
                      _seconds(pct["50"]), _seconds(pct["99"]), errors)


async def _py_load(port: int, path: str, concurrency: int, duration: float) -> LoadResult:
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration

    async def read_body(reader: asyncio.StreamReader, head: bytes) -> None:
        lower = head.lower()
        i = lower.find(b"\r\ncontent-length:")
        if i >= 0:
            j = lower.index(b"\r\n", i + 2)
            await reader.readexactly(int(head[i + 17: j]))
            return
        if b"\r\ntransfer-encoding: chunked" in lower:
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    return
        raise RuntimeError("response without length")

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(HOST, port, limit=1 << 20)
        perf = time.perf_counter
        try:
            while (t0 := perf()) < deadline:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                await read_body(reader, head)
                latencies.append(perf() - t0)
                if head[9:12] != b"200":
                    errors += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - t0
    latencies.sort()
    return LoadResult("python", len(latencies), seconds, _quantile(latencies, 0.5),
                      _quantile(latencies, 0.99), errors)


def python_load(port: int, path: str, *, concurrency: int, duration: float) -> LoadResult:
    if _has("uvloop"):
        import uvloop

        return uvloop.run(_py_load(port, path, concurrency, duration))
    return asyncio.run(_py_load(port, path, concurrency, duration))


def _quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


# --- memory -----------------------------------------------------------------------------------


def status_kb(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class RssSampler:
    """Samples VmRSS of a process every ``interval`` seconds on a thread."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError):
                self.peak_kb = max(self.peak_kb, status_kb(self.pid, "VmRSS"))
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class CpuMeter:
    """CPU-seconds the rest of the machine used between two snapshots: all busy time
    (/proc/stat) minus this script, its waited children (wrk, sqlite3), the servers and
    ``ours()`` (e.g. the PostgreSQL backends serving the benchmark's database)."""

    def __init__(self, servers: list[Server], ours: Callable[[], float] | None = None) -> None:
        self.servers = servers
        self.ours = ours
        self.tick = os.sysconf("SC_CLK_TCK")
        self.start = self._sample()

    def _sample(self) -> tuple[float, float, float]:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        busy = (sum(fields) - fields[3] - fields[4]) / self.tick  # minus idle and iowait
        ours = sum(server.cpu_seconds() for server in self.servers)
        if self.ours is not None:
            ours += self.ours()
        me = os.times()
        ours += me.user + me.system + me.children_user + me.children_system
        return busy, ours, time.monotonic()

    def other(self) -> tuple[float, float]:
        """(CPU-seconds used by other processes, wall seconds) since the start."""
        busy, ours, now = self._sample()
        return max(0.0, (busy - self.start[0]) - (ours - self.start[1])), now - self.start[2]

    def reset(self) -> None:
        self.start = self._sample()

    def report(self, label: str) -> str:
        cpu, wall = self.other()
        share = cpu / wall if wall else 0.0
        warn = "  (WARNING: the machine was busy; figures are low)" if share > 0.15 else ""
        return f"    [{label}: other processes used {cpu:.1f} CPU-s in {wall:.1f} s = {share:.0%} of a core{warn}]"


# --- exports ----------------------------------------------------------------------------------


@dataclass
class Export:
    label: str
    rows: int
    bytes: int
    seconds: float
    peak_rss_kb: int = 0

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def http_export(server: Server, path: str, *, header_lines: int, timeout: float) -> Export:
    conn = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    lines = size = 0
    with RssSampler(server.pid) as rss:
        t0 = time.perf_counter()
        conn.request("GET", path)
        resp = conn.getresponse()
        if resp.status != 200:
            raise RuntimeError(f"GET {path}: {resp.status} {resp.read(300)!r}")
        while chunk := resp.read(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
        seconds = time.perf_counter() - t0
    conn.close()
    return Export(path, lines - header_lines, size, seconds, rss.peak_kb)
