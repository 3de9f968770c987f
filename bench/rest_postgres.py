"""REST benchmark on PostgreSQL: the real app with 1 and 2 workers against a hand-written
psycopg page and ``psql``'s ``\\copy``.

    python bench/rest.py --database-url postgresql+psycopg://postgres@127.0.0.1/peaceops_bench \\
        [--workers 1,2 --duration 10 --concurrency 16]

``rest.py`` hands its arguments here when ``--database-url`` is given (the database loaded
by ``bench/generate.py --database-url``). Servers, each in its own process group, stopped
on exit:

- the app, ``uvicorn api.app:app_from_env --factory --workers N`` for each N of
  ``--workers``, with ``PEACEOPS_CACHE_MB=0`` (the response cache off: every request is
  planned, read and rendered) and the rate limit off;
- the page by hand (``psycopg_app`` below): one Starlette route, the page's statement
  written out for psycopg 3 on a few async connections, rows zipped into dicts and dumped
  by orjson; no validation, count, cursor, ETag or middleware. Run with the same worker
  counts;
- the bare route (``rest:bare_app``): the app's page bytes, fixed; the framework's ceiling.

It measures (a) the filtered page under load for each worker count, (b) the CSV and NDJSON
exports at one worker against ``psql -c "\\copy (SELECT ...) to stdout csv"`` with the
worker's VmRSS, (c) search, (d) counts and (e) the unfiltered first page, sequentially at
one worker; then ``EXPLAIN (ANALYZE, BUFFERS)`` of the app's statements. The hot phases
(f, g) of the SQLite run are not run here. The PostgreSQL backends serving the benchmark's
database count as the benchmark's CPU, not as other processes'.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sequential import ms, sequential_phases
from servers import (
    CpuMeter,
    Export,
    LoadResult,
    Server,
    get,
    http_export,
    proc_cpu,
    status_kb,
)

BENCH = Path(__file__).resolve().parent
HAND_CONNECTIONS = 4  # the hand page's connections per worker (the app's pool holds 5)


def conninfo(url: str) -> str:
    """A libpq connection string from the app's SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def event_columns() -> tuple[str, ...]:
    from rest import event_columns as columns

    return columns()


# --- the page by hand: uvicorn imports this module in its own process ------------------------


def psycopg_app() -> Any:
    """``uvicorn rest_postgres:psycopg_app --factory --app-dir bench``: the page by hand on
    PostgreSQL, beside ``rest.sqlite3_app``: the page's statement written out for psycopg 3
    on ``HAND_CONNECTIONS`` async connections (psycopg prepares it on the server after a
    few runs, its default), rows zipped into dicts and dumped by orjson. No validation,
    count, cursor, ETag or middleware: a floor for this page."""
    import asyncio

    import orjson
    import psycopg
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    dsn = os.environ["PEACEOPS_BENCH_DSN"]
    columns = event_columns()
    sql = (f"SELECT {', '.join(columns)} FROM event WHERE mission = %s AND date >= %s AND date <= %s "
           "ORDER BY date, id LIMIT %s")
    headers = {"Cache-Control": "public, max-age=60", "Vary": "Accept"}
    idle: asyncio.Queue[psycopg.AsyncConnection[Any]] = asyncio.Queue()

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> Any:
        conns = [await psycopg.AsyncConnection.connect(dsn, autocommit=True) for _ in range(HAND_CONNECTIONS)]
        for conn in conns:
            idle.put_nowait(conn)
        yield
        for conn in conns:
            await conn.close()

    async def page(request: Any) -> Response:
        p = request.query_params
        args = (p["mission"], dt.date.fromisoformat(p["date__gte"]), dt.date.fromisoformat(p["date__lte"]),
                int(p["limit"]) + 1)
        conn = await idle.get()
        try:
            cur = await conn.execute(sql, args)
            rows = await cur.fetchall()
        finally:
            idle.put_nowait(conn)
        data = [dict(zip(columns, row, strict=True)) for row in rows[:-1]]
        return Response(orjson.dumps({"data": data}), media_type="application/json", headers=headers)

    return Starlette(routes=[Route("/v1/events", page, methods=["GET"])], lifespan=lifespan)


# --- the database ---------------------------------------------------------------------------------


def ensure_migrated(url: str, upgrade_ok: bool) -> None:
    """The app (unlike ``peaceops serve``) does not migrate: bring the database to head first."""
    from api.db import create_engine
    from api.db.migrate import current_revision, head_revision, upgrade
    from api.settings import Settings

    engine = create_engine(Settings(database_url=url))
    try:
        current, head = current_revision(engine), head_revision()
        if current == head:
            return
        if not upgrade_ok:
            raise SystemExit(f"the database is at migration {current}, the code at {head}: drop --no-upgrade "
                             "or load it again with bench/generate.py --database-url")
        print(f"  upgrading from migration {current} to {head} (what `peaceops serve` would do)")
        upgrade(engine)
    finally:
        engine.dispose()


@dataclass
class Targets:
    busy_mission: str
    busy_events: int
    date_from: str
    date_to: str
    mid_mission: str
    total_events: int
    word_freq: dict[str, int]
    size_mib: float


def pick_targets(dsn: str, words: tuple[str, ...]) -> Targets:
    """As ``rest.pick_targets``: the busiest mission and the middle 10% of its dates, the
    median mission, and how many events each word matches (the app's own tsquery)."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        per_mission = conn.execute(
            "SELECT mission, count(*) FROM event WHERE mission IS NOT NULL GROUP BY mission ORDER BY 2 DESC, 1"
        ).fetchall()
        if not per_mission:
            raise SystemExit("the database has no events: load it with bench/generate.py --database-url")
        busy, busy_n = per_mission[0]
        mid = per_mission[len(per_mission) // 2][0]
        dates = [r[0].isoformat() for r in conn.execute(
            "SELECT date FROM event WHERE mission = %s ORDER BY date", (busy,))]
        total = conn.execute("SELECT count(*) FROM event").fetchone()
        freq = {}
        for w in words:
            row = conn.execute(
                "SELECT count(*) FROM search_document WHERE resource = 'events' "
                "AND tsv @@ plainto_tsquery('english', %s)", (w,)
            ).fetchone()
            freq[w] = row[0] if row else 0
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return Targets(busy, busy_n, dates[int(len(dates) * 0.45)], dates[int(len(dates) * 0.55)], mid,
                   total[0] if total else 0, freq, (size[0] if size else 0) / 2**20)


def backend_cpu(dsn: str) -> Callable[[], float]:
    """CPU-seconds of the PostgreSQL backends connected to the benchmark's database."""
    import psycopg

    watcher = psycopg.connect(dsn, autocommit=True)
    name = watcher.info.dbname

    def cpu() -> float:
        total = 0.0
        for (pid,) in watcher.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,)):
            with contextlib.suppress(OSError, IndexError, ValueError):
                total += proc_cpu(pid)
        return total

    return cpu


def psql_export(dsn: str, sql: str, *, timeout: float) -> Export | None:
    """``psql -c "\\copy (SQL) to stdout csv"``, its output counted as it streams."""
    exe = shutil.which("psql")
    if exe is None:
        return None
    lines = size = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen([exe, "-X", "-q", dsn, "-c", f"\\copy ({sql}) to stdout csv"], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    try:
        while chunk := os.read(proc.stdout.fileno(), 1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError("psql export took too long")
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return Export("psql \\copy csv", lines, size, time.perf_counter() - t0)


def explain(url: str, requests: list[tuple[str, str]]) -> list[str]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of the statements the app runs for each ``(label, query
    string)`` on /v1/events: its own parser and planner, compiled for PostgreSQL."""
    from api.db import create_engine
    from api.query import RESOURCES
    from api.query.sql.plan import plan_count, plan_page, plan_stream
    from api.query.sql.statements import Statements
    from api.rest.params import parse_list
    from api.settings import Settings

    resource = RESOURCES["events"]
    engine = create_engine(Settings(database_url=url))
    statements = Statements(engine)
    lines: list[str] = []
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            for label, qs in requests:
                parsed = parse_list(resource, parse_qsl(qs))
                query = parsed.query
                modes = ["stream"] if parsed.format in ("csv", "ndjson") else ["page", "count"]
                for mode in modes:
                    if mode == "page":
                        plan = plan_page(resource, query, sqlite=False)
                    elif mode == "stream":
                        plan = plan_stream(resource, query, sqlite=False)
                    else:
                        plan = plan_count(resource, query, sqlite=False)
                    sql, _order, defaults = statements._compile(plan)
                    params = {**defaults, **plan.params}
                    analyze = "ANALYZE, BUFFERS, " if mode != "stream" else ""
                    cursor.execute(f"EXPLAIN ({analyze}COSTS OFF) " + sql, params)
                    lines.append(f"-- {label} [{mode}]")
                    lines.append("   " + " ".join(sql.split()))
                    lines += [f"     {row[0]}" for row in cursor.fetchall()]
            raw.rollback()
        finally:
            raw.close()
    finally:
        engine.dispose()
    return lines


# --- the run ------------------------------------------------------------------------------------------


def run(args: argparse.Namespace, load: Callable[[int, str, float], LoadResult]) -> int:
    url: str = args.database_url
    dsn = conninfo(url)
    workers = sorted({int(w) for w in str(args.workers).split(",") if w.strip()})
    words = tuple(w.strip() for w in args.words.split(",") if w.strip())
    started = dt.datetime.now(dt.UTC).astimezone()
    load_start = os.getloadavg()
    ensure_migrated(url, not args.no_upgrade)
    t = pick_targets(dsn, words)
    server_version = _server_version(dsn)
    print(f"peaceops REST benchmark on PostgreSQL, {started:%Y-%m-%d %H:%M %Z}, {os.cpu_count()} CPUs, "
          f"{server_version}, database {t.size_mib:,.0f} MiB, workers {workers}")
    print(f"  load average at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}"
          + ("  (WARNING: the machine is busy; figures will be low and noisy)" if load_start[0] > 0.7 else ""))
    print(f"  {t.total_events:,} events; busiest mission {t.busy_mission!r} ({t.busy_events:,} events), "
          f"range {t.date_from}..{t.date_to}; median mission {t.mid_mission!r}")

    results: dict[str, Any] = {"engine": "postgresql", "server": server_version,
                               "date": started.isoformat(timespec="minutes"), "cpus": os.cpu_count(),
                               "loadavg_start": load_start, "database_url": url, "events": t.total_events,
                               "workers": workers}
    table: list[tuple[str, str, str, str]] = []  # (measure, value, target, verdict)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    app_env = {"PEACEOPS_DATABASE_URL": url, "PEACEOPS_RATE_LIMIT": "0", "PEACEOPS_CACHE_MB": "0"}
    apps = {n: Server(f"app x{n}", "api.app:app_from_env", app_env, workers=n) for n in workers}
    hands = {n: Server(f"psycopg by hand x{n}", "rest_postgres:psycopg_app", {"PEACEOPS_BENCH_DSN": dsn},
                       app_dir=BENCH, workers=n) for n in workers}
    body_file = tempfile.NamedTemporaryFile(prefix="peaceops-bench-body-", suffix=".json", delete=False)
    body_file.close()
    bare = Server("bare", "rest:bare_app", {"PEACEOPS_BENCH_BODY": body_file.name}, app_dir=BENCH)
    everything = [*apps.values(), *hands.values(), bare]
    ours = backend_cpu(dsn)
    one = workers[0]
    try:
        app = apps[one]
        app.start()
        app.wait_ready("/v1/events?limit=1", timeout=120)
        meter = CpuMeter(everything, ours)
        whole = CpuMeter(everything, ours)
        busy: dict[str, float] = {}

        def phase_end(label: str) -> None:
            print(meter.report(label))
            cpu, wall = meter.other()
            busy[label] = cpu / max(wall, 1e-9)
            meter.reset()

        # (a) the filtered page, per worker count ------------------------------------------
        page_path = "/v1/events?" + urlencode({"mission": t.busy_mission, "date__gte": t.date_from,
                                               "date__lte": t.date_to, "limit": 50})
        status, _, body = get(app.port, page_path)
        if status != 200:
            raise RuntimeError(f"GET {page_path}: {status} {body[:300]!r}")
        page = json.loads(body)
        print(f"\n(a) {page_path}\n    {len(page['data'])} rows, meta.count {page['meta']['count']:,}, "
              f"{len(body):,} bytes")
        Path(body_file.name).write_bytes(body)
        bare.start()
        bare.wait_ready("/v1/events")
        load(bare.port, page_path, min(3.0, args.duration))
        meter.reset()
        r_bare = load(bare.port, page_path, args.duration)
        bare.stop()
        rates: dict[str, LoadResult] = {"bare": r_bare}
        for n in workers:
            for server in (apps[n], hands[n]):
                if server.proc is None:
                    server.start()
                server.wait_ready(page_path, timeout=120)
                load(server.port, page_path, min(3.0, args.duration))  # warm-up, not recorded
                rates[server.name] = load(server.port, page_path, args.duration)
                if server is not app:
                    server.stop()  # one server at a time holds the machine's cores
        for name, r in rates.items():
            print(f"    {name:20} {r.rps:9,.0f} req/s  p50 {ms(r.p50):>9}  p99 {ms(r.p99):>9}  "
                  f"({r.requests:,} requests, {r.errors} errors, {r.tool})")
            if r.errors:
                print(f"    WARNING: {r.errors} failed requests on {name}")
        results["page"] = {"path": page_path, "count": page["meta"]["count"], "bytes": len(body),
                           **{name: vars(r) | {"rps": r.rps} for name, r in rates.items()}}
        r_app1, r_hand1 = rates[apps[one].name], rates[hands[one].name]
        hand_ratio = r_app1.rps / r_hand1.rps if r_hand1.rps else 0.0
        results["page"]["app_over_hand"] = hand_ratio
        table += [(f"(a) page x{n}: app / by hand / bare req/s",
                   f"{rates[apps[n].name].rps:,.0f} / {rates[hands[n].name].rps:,.0f} / {r_bare.rps:,.0f}", "", "")
                  for n in workers]
        table.append((f"(a) page x{one}: app / psycopg by hand", f"{hand_ratio:.1%}", ">= 50%",
                      verdict(hand_ratio >= 0.5)))
        table.append((f"(a) page x{one}: app / bare", f"{r_app1.rps / r_bare.rps if r_bare.rps else 0:.1%}", "", ""))
        tail = r_app1.p99 / r_app1.p50 if r_app1.p50 else float("inf")
        table.append((f"(a) page x{one}: app p50 / p99", f"{ms(r_app1.p50)} / {ms(r_app1.p99)}", "", ""))
        table.append((f"(a) page x{one}: app p99/p50", f"{tail:.2f}", "< 3", verdict(tail < 3)))
        for n in workers[1:]:
            scale = rates[apps[n].name].rps / r_app1.rps if r_app1.rps else 0.0
            hand_scale = rates[hands[n].name].rps / r_hand1.rps if r_hand1.rps else 0.0
            results["page"][f"app_x{n}_over_x{one}"] = scale
            target = 1.6 if (n, one) == (2, 1) else None
            table.append((f"(a) page: app x{n} / app x{one}", f"{scale:.2f}x",
                          f">= {target}x" if target else "", verdict(scale >= target) if target else ""))
            table.append((f"(a) page: by hand x{n} / by hand x{one}", f"{hand_scale:.2f}x", "", ""))
        for n in workers[1:]:
            apps[n].stop()
        phase_end("(a)")

        # (b) exports at one worker --------------------------------------------------------------
        if not args.skip_export:
            print("\n(b) full export of events")
            sql = f"SELECT {', '.join(event_columns())} FROM event ORDER BY date, id"
            print(f'    baseline: psql -c "\\copy ({sql}) to stdout csv"')
            base = psql_export(dsn, sql, timeout=args.export_timeout)
            if base is None:
                print("    psql not found: no baseline")
            else:
                print(f"    psql \\copy   {base.rows:>10,} rows {base.bytes / 2**20:8,.1f} MiB "
                      f"{base.seconds:6.2f} s {base.rows_per_s:10,.0f} rows/s")
                table.append(("(b) psql \\copy csv rows/s", f"{base.rows_per_s:,.0f}", "", ""))
            time.sleep(0.5)
            idle_kb = status_kb(app.pid, "VmRSS")
            results["export"] = {"idle_rss_kb": idle_kb,
                                 "psql": vars(base) | {"rows_per_s": base.rows_per_s} if base else None}
            print(f"    worker idle VmRSS {idle_kb / 1024:,.1f} MiB")
            for fmt, header, goal in (("csv", 1, 0.60), ("ndjson", 0, None)):
                ex = http_export(app, f"/v1/events?format={fmt}", header_lines=header, timeout=args.export_timeout)
                grow = (ex.peak_rss_kb - idle_kb) / 1024
                print(f"    app {fmt:7} {ex.rows:>10,} rows {ex.bytes / 2**20:8,.1f} MiB {ex.seconds:6.2f} s "
                      f"{ex.rows_per_s:10,.0f} rows/s; peak VmRSS {ex.peak_rss_kb / 1024:,.1f} MiB "
                      f"(+{grow:,.1f} MiB over idle)")
                if ex.rows != t.total_events:
                    print(f"    WARNING: {ex.rows:,} rows exported, {t.total_events:,} in the table")
                rel = ex.rows_per_s / base.rows_per_s if base and base.rows_per_s else None
                results["export"][fmt] = vars(ex) | {"rows_per_s": ex.rows_per_s, "ratio": rel,
                                                     "rss_growth_mib": grow}
                table.append((f"(b) export {fmt}: rows/s", f"{ex.rows_per_s:,.0f}", "", ""))
                if rel is not None:
                    table.append((f"(b) export {fmt}: app / psql \\copy", f"{rel:.1%}",
                                  f">= {goal:.0%}" if goal else "", verdict(rel >= goal) if goal else ""))
                table.append((f"(b) export {fmt}: RSS growth", f"{grow:,.1f} MiB", "<= 32 MiB", verdict(grow <= 32)))
            phase_end("(b)")

        sequential_phases(app.port, t, words, samples=args.samples, budget=args.budget, search_goal=0.020,
                          results=results, table=table, phase_end=phase_end)
        print(whole.report("whole run"))
        cpu, wall = whole.other()
        results["other_cpu_share"] = busy | {"whole run": cpu / max(wall, 1e-9)}
        table.append(("other processes' CPU (share of a core)",
                      " ".join(f"{k}{v:.0%}" for k, v in busy.items()), "~0%", verdict(max(busy.values()) <= 0.15)))
    finally:
        for server in everything:
            server.stop()
        with contextlib.suppress(OSError):
            os.unlink(body_file.name)

    if not args.no_explain:
        print("\nQuery plans of the app's statements (EXPLAIN (ANALYZE, BUFFERS); the export's without ANALYZE)")
        try:
            qs = [("(a) page", urlencode({"mission": t.busy_mission, "date__gte": t.date_from,
                                          "date__lte": t.date_to, "limit": 50})),
                  ("(b) export", "format=csv"),
                  *[(f"(c) search {w}", urlencode({"q": w, "limit": 50})) for w in words[-2:]],
                  ("(d) count", urlencode({"mission": t.busy_mission, "kind": "statement", "limit": 1})),
                  ("(e) first page", "limit=50")]
            for line in explain(url, qs):
                print(line)
        except Exception as exc:  # a plan is a bonus, not the benchmark
            print(f"  could not explain: {type(exc).__name__}: {exc}")

    results["loadavg_end"] = os.getloadavg()
    print(f"\nSummary (PostgreSQL; load average at start {load_start[0]:.2f}, at end {results['loadavg_end'][0]:.2f})")
    w1 = max(len(r[0]) for r in table)
    w2 = max(len(r[1]) for r in table)
    for measure, value, target, ok in table:
        print(f"  {measure:<{w1}}  {value:>{w2}}  {target:>9}  {ok}")
    if args.json:
        results["table"] = table
        args.json.write_text(json.dumps(results, indent=2, default=str))
        print(f"\nwrote {args.json}")
    return 0


def _server_version(dsn: str) -> str:
    import psycopg

    with psycopg.connect(dsn) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0].split()[0] if row else '?'}"
