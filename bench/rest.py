"""REST benchmark: the real app against a bare Starlette route and the sqlite3 CLI.

    python bench/rest.py --db /work/benchdata/bench.db [--duration 10 --concurrency 16]

Starts three servers on 127.0.0.1 (each in its own process group, stopped on exit):

- the app: ``uvicorn api.app:app_from_env --factory --loop uvloop --http httptools
  --workers 1 --no-access-log`` with ``PEACEOPS_DATABASE_URL=sqlite:///DB``;
- a bare Starlette app (``bare_app`` below) that returns a precomputed JSON body of the
  same bytes as the real page: the ceiling for this framework and server on this machine;
- the same page by hand (``sqlite3_app`` below): its statement on the sqlite3 module,
  dicts and orjson, nothing else; the reference point the issue quotes (23% of bare).

and measures:

a. a page of 50 events filtered by a busy mission and a date range, under load (wrk when
   installed, else a keep-alive asyncio loader): requests/s, p50, p99, app/bare ratio;
b. full exports (``format=csv`` and ``format=ndjson``) against
   ``sqlite3 -csv DB "select <same columns> from event order by date, id"``: rows/s, ratio,
   and the server's resident memory during the export against idle;
c. ``q=`` full-text search, sequential latency per word;
d. ``mission=X&kind=Y&limit=1`` (the page carries ``meta.count``), sequential latency;
e. the unfiltered first page (``meta.count`` over the whole table).

Then EXPLAIN QUERY PLAN of the app's own statements for those requests (``--no-explain``
to skip). Loopback only; every phase is bounded in time.

``--database-url postgresql+psycopg://...`` runs the PostgreSQL benchmark instead
(``rest_postgres.py``: the app with ``--workers 1,2`` against a hand-written psycopg page
and ``psql``'s ``\\copy``). The servers, load generators and meters are in ``servers.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sequential import ms, sequential_phases
from servers import (
    ROOT,
    CpuMeter,
    Export,
    LoadResult,
    Server,
    get,
    http_export,
    python_load,
    status_kb,
    wrk_load,
)

EVENT_COLUMNS = ("id", "date", "date_precision", "kind", "title", "summary", "mission", "mandate", "location")


def event_columns() -> tuple[str, ...]:
    """The columns the app exports for /v1/events, in its order (from its declarations)."""
    try:
        from api.query import RESOURCES

        return tuple(f.column.name for f in RESOURCES["events"].fields)
    except Exception:  # the declarations moved: fall back to the known list
        return EVENT_COLUMNS


def ensure_migrated(db: Path, upgrade_ok: bool) -> None:
    """The app (unlike ``peaceops serve``) does not migrate: bring the file to head first."""
    from api.db import create_engine
    from api.db.migrate import current_revision, head_revision, upgrade
    from api.settings import Settings

    engine = create_engine(Settings(database_url=f"sqlite:///{db}"))
    try:
        current, head = current_revision(engine), head_revision()
        if current == head:
            return
        if not upgrade_ok:
            raise SystemExit(f"{db} is at migration {current}, the code at {head}: drop --no-upgrade "
                             "or regenerate it with bench/generate.py")
        print(f"  upgrading {db.name} from migration {current} to {head} (what `peaceops serve` would do)")
        t0 = time.perf_counter()
        upgrade(engine)
        print(f"  upgraded in {time.perf_counter() - t0:.1f} s")
    finally:
        engine.dispose()
DEFAULT_WORDS = ("veterinarian", "goma", "kenya", "cholera", "security")


# --- the bare app: uvicorn imports this module in its own process --------------------------


def bare_app() -> Any:
    """``uvicorn rest:bare_app --factory --app-dir bench``: one route, a fixed body."""
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    body = Path(os.environ["PEACEOPS_BENCH_BODY"]).read_bytes()
    path = os.environ.get("PEACEOPS_BENCH_PATH", "/v1/events")
    headers = {"Cache-Control": "public, max-age=60", "Vary": "Accept"}

    async def page(request: Any) -> Response:
        return Response(body, media_type="application/json", headers=headers)

    return Starlette(routes=[Route(path, page, methods=["GET"])])


def sqlite3_app() -> Any:
    """``uvicorn rest:sqlite3_app --factory --app-dir bench``: the same page by hand, the
    reference the issue names: one route, the page's statement written out for the
    sqlite3 module, rows zipped into dicts and dumped by orjson, on the event loop. No
    validation, no count, no cursor, no ETag, no middleware: a floor for this page."""
    import sqlite3

    import orjson
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    conn = sqlite3.connect(os.environ["PEACEOPS_BENCH_DB"], check_same_thread=False)
    columns = event_columns()
    sql = (f"SELECT {', '.join(columns)} FROM event WHERE mission = ? AND date >= ? AND date <= ? "
           "ORDER BY date, id LIMIT ?")
    headers = {"Cache-Control": "public, max-age=60", "Vary": "Accept"}

    async def page(request: Any) -> Response:
        p = request.query_params
        rows = conn.execute(sql, (p["mission"], p["date__gte"], p["date__lte"], int(p["limit"]) + 1)).fetchall()
        data = [dict(zip(columns, row, strict=True)) for row in rows[:-1]]
        return Response(orjson.dumps({"data": data}), media_type="application/json", headers=headers)

    return Starlette(routes=[Route("/v1/events", page, methods=["GET"])])


def cli_export(db: Path, sql: str, *, timeout: float) -> Export | None:
    exe = shutil.which("sqlite3")
    if exe is None:
        return None
    lines = size = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen([exe, "-readonly", "-csv", str(db), sql], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    try:
        while chunk := os.read(proc.stdout.fileno(), 1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError("sqlite3 export took too long")
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return Export("sqlite3 -csv", lines, size, time.perf_counter() - t0)


# --- the dataset --------------------------------------------------------------------------------


@dataclass
class Targets:
    busy_mission: str
    busy_events: int
    date_from: str
    date_to: str
    mid_mission: str
    total_events: int
    word_freq: dict[str, int]


def pick_targets(db: Path, words: tuple[str, ...]) -> Targets:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        per_mission = conn.execute(
            "SELECT mission, count(*) FROM event WHERE mission IS NOT NULL GROUP BY mission "
            "ORDER BY 2 DESC, 1"
        ).fetchall()
        if not per_mission:
            raise SystemExit(f"{db} has no events: generate it with bench/generate.py")
        busy, busy_n = per_mission[0]
        mid = per_mission[len(per_mission) // 2][0]
        dates = [r[0] for r in conn.execute("SELECT date FROM event WHERE mission = ? ORDER BY date", (busy,))]
        date_from, date_to = dates[int(len(dates) * 0.45)], dates[int(len(dates) * 0.55)]
        total = conn.execute("SELECT count(*) FROM event").fetchone()[0]
        freq = {}
        for w in words:
            freq[w] = conn.execute(
                "SELECT count(*) FROM search_fts JOIN search_document d ON d.rowid = search_fts.rowid "
                "WHERE search_fts MATCH ? AND d.resource = 'events'", (f'"{w}"',)
            ).fetchone()[0]
    finally:
        conn.close()
    return Targets(busy, busy_n, date_from, date_to, mid, total, freq)


# --- query plans ---------------------------------------------------------------------------------


def few_matches_search(words: tuple[str, ...], freq: dict[str, int]) -> list[tuple[str, str]]:
    """The (c) word with the most matches that the store still reads in full (below its
    probe threshold): its page is ordered on the search documents (migration 0006)."""
    from api.query.sql.sqlite_paths import MANY_MATCHES as _MANY_MATCHES

    few = [w for w in words if 0 < freq.get(w, 0) < _MANY_MATCHES]
    if not few:
        return []
    word = max(few, key=lambda w: freq[w])
    return [(f"(c) search, {freq[word]:,} matches", urlencode({"q": word, "limit": 50}))]


def explain(db: Path, requests: list[tuple[str, str]]) -> list[str]:
    """EXPLAIN QUERY PLAN of the statements the app runs for each ``(label, query string)``
    on /v1/events: its own parser and planner, compiled for SQLite."""
    from urllib.parse import parse_qsl

    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from api.query import RESOURCES
    from api.query.sql.plan import plan_count, plan_page, plan_stream
    from api.query.sql.sqlite_paths import match_estimate, probes, read_stored_records
    from api.rest.params import parse_list

    resource = RESOURCES["events"]
    dialect = sqlite_dialect.dialect()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    lines: list[str] = []
    try:
        stored = "events" in set(read_stored_records(conn.cursor()))  # migration 0007
        for label, qs in requests:
            parsed = parse_list(resource, parse_qsl(qs))
            modes = ["stream"] if parsed.format in ("csv", "ndjson") else ["page", "count"]
            query = parsed.query
            # As the app chooses (api.query.sql.sqlite_paths): the search probe past MANY_MATCHES
            # matching documents, pages and exports rendered by SQLite, from the stored
            # records where they apply.
            probe = False
            estimate = match_estimate(query.q, query)
            if estimate is not None:
                est = estimate.shape.build().compile(dialect=dialect)
                est_params = {**est.params, **estimate.params}
                (hits,) = conn.execute(str(est), tuple(est_params[n] for n in est.positiontup or ())).fetchone()
                probe = probes(hits)
            for mode in modes:
                fmt = parsed.format if mode == "stream" else "json"
                render = (fmt, query.fields or resource.field_names) if mode != "count" else None
                if mode == "page":
                    plan = plan_page(resource, query, sqlite=True, fast=True, probe=probe, render=render,
                                     stored=stored)
                elif mode == "stream":
                    plan = plan_stream(resource, query, sqlite=True, render=render, stored=stored)
                else:
                    plan = plan_count(resource, query, sqlite=True)
                compiled = plan.shape.build().compile(dialect=dialect)
                params = {**compiled.params, **plan.params}
                args = tuple(params[n] for n in compiled.positiontup or ())
                sql = str(compiled)
                rows = conn.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()
                t0 = time.perf_counter()
                if mode != "stream":
                    conn.execute(sql, args).fetchall()
                    took = f"{(time.perf_counter() - t0) * 1e3:.1f} ms in sqlite3"
                else:
                    took = "not run"
                lines.append(f"-- {label} [{mode}] ({took})")
                lines.append("   " + " ".join(sql.split()))
                lines += [f"     {'  ' * _depth(rows, r)}{r[3]}" for r in rows]
    finally:
        conn.close()
    return lines


def _depth(rows: list[tuple[Any, ...]], row: tuple[Any, ...]) -> int:
    parents = {r[0]: r[1] for r in rows}
    depth, p = 0, row[1]
    while p in parents:
        depth, p = depth + 1, parents[p]
    return depth


# --- the run ---------------------------------------------------------------------------------------


def hot_graphql_query(t: Targets) -> str:
    """Phase (a)'s page through GraphQL: the same mission, dates and 50 rows, every field."""
    fields = "id date datePrecision kind title summary missionId mandateId location actors { contributorId role stance }"
    return (f'{{ events(filter: {{mission: {{eq: "{t.busy_mission}"}}, date: {{gte: "{t.date_from}", '
            f'lte: "{t.date_to}"}}}}, first: 50) {{ nodes {{ {fields} }} }} }}')


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help="a database made by bench/generate.py")
    where.add_argument("--database-url", help="a PostgreSQL database loaded by bench/generate.py --database-url "
                       "(postgresql+psycopg://...): the PostgreSQL run, rest_postgres.py")
    p.add_argument("--workers", default="1,2", help="PostgreSQL: the worker counts the page (a) is measured with")
    p.add_argument("--duration", type=float, default=10, help="seconds of load per run in (a)")
    p.add_argument("--concurrency", type=int, default=16, help="open connections in (a)")
    p.add_argument("--loader", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--wrk-threads", type=int, default=1)
    p.add_argument("--words", default=",".join(DEFAULT_WORDS), help="q= words for (c)")
    p.add_argument("--samples", type=int, default=30, help="requests per query in (c), (d), (e)")
    p.add_argument("--budget", type=float, default=20, help="seconds at most per query in (c), (d), (e)")
    p.add_argument("--skip-export", action="store_true")
    p.add_argument("--export-timeout", type=float, default=600)
    p.add_argument("--no-explain", action="store_true")
    p.add_argument("--json", type=Path, help="also write the results here")
    p.add_argument("--no-upgrade", action="store_true", help="refuse to migrate an old database")
    args = p.parse_args(argv)

    loader = args.loader
    if loader == "auto":
        loader = "wrk" if shutil.which("wrk") else "python"
    elif loader == "wrk" and not shutil.which("wrk"):
        print("wrk not found: using the Python loader")
        loader = "python"

    def load(port: int, path: str, duration: float) -> LoadResult:
        if loader == "wrk":
            return wrk_load(port, path, concurrency=args.concurrency, duration=duration,
                            threads=args.wrk_threads)
        return python_load(port, path, concurrency=args.concurrency, duration=duration)

    if args.database_url:
        sys.path.insert(0, str(ROOT))
        from rest_postgres import run

        return run(args, load)
    db = args.db.resolve()
    if not db.exists():
        raise SystemExit(f"{db} does not exist: run bench/generate.py first")
    words = tuple(w.strip() for w in args.words.split(",") if w.strip())
    started = dt.datetime.now(dt.UTC).astimezone()
    print(f"peaceops REST benchmark, {started:%Y-%m-%d %H:%M %Z}, {os.cpu_count()} CPUs, "
          f"loader {loader}, db {db} ({db.stat().st_size / 2**20:,.0f} MiB)")
    load_start = os.getloadavg()
    print(f"  load average at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}"
          + ("  (WARNING: the machine is busy; figures will be low and noisy)" if load_start[0] > 0.7 else ""))
    sys.path.insert(0, str(ROOT))
    ensure_migrated(db, not args.no_upgrade)
    t = pick_targets(db, words)
    print(f"  {t.total_events:,} events; busiest mission {t.busy_mission!r} ({t.busy_events:,} events), "
          f"range {t.date_from}..{t.date_to}; median mission {t.mid_mission!r}")

    results: dict[str, Any] = {"date": started.isoformat(timespec="minutes"), "cpus": os.cpu_count(),
                               "loadavg_start": load_start,
                               "loader": loader, "db": str(db), "events": t.total_events}
    table: list[tuple[str, str, str, str]] = []  # (measure, value, target, verdict)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    body_file = tempfile.NamedTemporaryFile(prefix="peaceops-bench-body-", suffix=".json", delete=False)
    body_file.close()
    # The cold path: the response cache off, so that every request is planned, read and
    # rendered (the figure of earlier runs). The hot path: the same app with its defaults.
    app = Server("app", "api.app:app_from_env",
                 {"PEACEOPS_DATABASE_URL": f"sqlite:///{db}", "PEACEOPS_RATE_LIMIT": "0", "PEACEOPS_CACHE_MB": "0"})
    hot = Server("app-hot", "api.app:app_from_env",
                 {"PEACEOPS_DATABASE_URL": f"sqlite:///{db}", "PEACEOPS_RATE_LIMIT": "0"})
    graphql_body = tempfile.NamedTemporaryFile(prefix="peaceops-bench-gql-", suffix=".json", delete=False)
    graphql_body.close()
    bare_graphql = Server("bare-graphql", "rest:bare_app",
                          {"PEACEOPS_BENCH_BODY": graphql_body.name, "PEACEOPS_BENCH_PATH": "/graphql"},
                          app_dir=Path(__file__).resolve().parent)
    bare = Server("bare", "rest:bare_app", {"PEACEOPS_BENCH_BODY": body_file.name},
                  app_dir=Path(__file__).resolve().parent)
    hand = Server("sqlite3", "rest:sqlite3_app", {"PEACEOPS_BENCH_DB": str(db)},
                  app_dir=Path(__file__).resolve().parent)
    try:
        app.start()
        app.wait_ready("/v1/events?limit=1", timeout=120)
        meter = CpuMeter([app, bare, hand])
        whole = CpuMeter([app, bare, hand])
        busy: dict[str, float] = {}

        def phase_end(label: str) -> None:
            print(meter.report(label))
            busy[label] = meter.other()[0] / max(meter.other()[1], 1e-9)
            meter.reset()

        # (a) filtered page vs bare ----------------------------------------------------------
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
        hand.start()
        hand.wait_ready(page_path)
        for server in (app, bare, hand):
            load(server.port, page_path, min(3.0, args.duration))  # warm-up, not recorded
        meter.reset()
        r_app = load(app.port, page_path, args.duration)
        r_bare = load(bare.port, page_path, args.duration)
        r_hand = load(hand.port, page_path, args.duration)
        for name, r in (("app", r_app), ("bare", r_bare), ("sqlite3", r_hand)):
            print(f"    {name:5} {r.rps:9,.0f} req/s  p50 {ms(r.p50):>9}  p99 {ms(r.p99):>9}  "
                  f"({r.requests:,} requests, {r.errors} errors, {r.tool})")
            if r.errors:
                print(f"    WARNING: {r.errors} failed requests on {name}")
        ratio = r_app.rps / r_bare.rps if r_bare.rps else 0.0
        tail = r_app.p99 / r_app.p50 if r_app.p50 else float("inf")
        hand_ratio = r_hand.rps / r_bare.rps if r_bare.rps else 0.0
        print(f"    app/bare {ratio:.1%}; app p99/p50 {tail:.2f}; sqlite3 by hand/bare {hand_ratio:.1%}, "
              f"app/sqlite3 by hand {r_app.rps / r_hand.rps if r_hand.rps else 0.0:.1%}")
        results["page"] = {"path": page_path, "count": page["meta"]["count"], "bytes": len(body),
                           "app": vars(r_app) | {"rps": r_app.rps}, "bare": vars(r_bare) | {"rps": r_bare.rps},
                           "ratio": ratio, "p99_over_p50": tail,
                           "sqlite3": vars(r_hand) | {"rps": r_hand.rps}, "sqlite3_ratio": hand_ratio}
        table += [
            ("(a) page: app req/s", f"{r_app.rps:,.0f}", "", ""),
            ("(a) page: bare req/s", f"{r_bare.rps:,.0f}", "", ""),
            ("(a) page: app/bare", f"{ratio:.1%}", ">= 15%", verdict(ratio >= 0.15)),
            ("(a) page: sqlite3 by hand req/s, /bare", f"{r_hand.rps:,.0f}, {hand_ratio:.1%}", "", ""),
            ("(a) page: app p50 / p99", f"{ms(r_app.p50)} / {ms(r_app.p99)}", "", ""),
            ("(a) page: app p99/p50", f"{tail:.2f}", "< 3", verdict(tail < 3)),
        ]
        phase_end("(a)")
        hand.stop()

        # (f) the same page and (g) the same rows through GraphQL, answered from the cache --
        hot.start()
        hot.wait_ready("/v1/events?limit=1", timeout=120)
        graphql_path = "/graphql?" + urlencode({"query": hot_graphql_query(t)})
        status, _, gql = get(hot.port, graphql_path)
        if status != 200 or b'"errors"' in gql:
            raise RuntimeError(f"GET {graphql_path}: {status} {gql[:300]!r}")
        Path(graphql_body.name).write_bytes(gql)
        bare_graphql.start()
        bare_graphql.wait_ready(graphql_path)
        print(f"\n(f) hot page: {page_path} again and again, the response cache on (its default)"
              f"\n(g) hot GraphQL: GET {graphql_path[:90]}... ({len(gql):,} bytes)")
        for server, path in ((hot, page_path), (hot, graphql_path), (bare, page_path), (bare_graphql, graphql_path)):
            load(server.port, path, min(3.0, args.duration))  # warm-up, not recorded
        meter.reset()
        r_hot = load(hot.port, page_path, args.duration)
        r_bare_hot = load(bare.port, page_path, args.duration)
        r_gql = load(hot.port, graphql_path, args.duration)
        r_bare_gql = load(bare_graphql.port, graphql_path, args.duration)
        for name, r in (("hot page", r_hot), ("bare", r_bare_hot), ("hot GraphQL", r_gql),
                        ("bare (its bytes)", r_bare_gql)):
            print(f"    {name:16} {r.rps:9,.0f} req/s  p50 {ms(r.p50):>9}  p99 {ms(r.p99):>9}  "
                  f"({r.requests:,} requests, {r.errors} errors, {r.tool})")
            if r.errors:
                print(f"    WARNING: {r.errors} failed requests on {name}")
        hot_ratio = r_hot.rps / r_bare_hot.rps if r_bare_hot.rps else 0.0
        gql_ratio = r_gql.rps / r_bare_gql.rps if r_bare_gql.rps else 0.0
        _, _, metrics_text = get(hot.port, "/metrics")
        hits = re.search(rb"^peaceops_response_cache_hits_total (\S+)$", metrics_text, re.M)
        print(f"    hot page/bare {hot_ratio:.1%}; hot GraphQL/bare {gql_ratio:.1%}; "
              f"cache hits {float(hits.group(1)) if hits else 0:,.0f}")
        results["hot"] = {"page": vars(r_hot) | {"rps": r_hot.rps}, "bare": vars(r_bare_hot) | {"rps": r_bare_hot.rps},
                          "page_ratio": hot_ratio, "graphql_path": graphql_path,
                          "graphql": vars(r_gql) | {"rps": r_gql.rps},
                          "bare_graphql": vars(r_bare_gql) | {"rps": r_bare_gql.rps}, "graphql_ratio": gql_ratio}
        table += [
            ("(f) hot page (cache): app/bare", f"{hot_ratio:.1%}", ">= 80%", verdict(hot_ratio >= 0.8)),
            ("(g) hot GraphQL (cache): app/bare", f"{gql_ratio:.1%}", ">= 60%", verdict(gql_ratio >= 0.6)),
        ]
        phase_end("(f, g)")
        hot.stop()
        bare.stop()
        bare_graphql.stop()

        # (b) exports ------------------------------------------------------------------------
        if not args.skip_export:
            print("\n(b) full export of events")
            sql = f"SELECT {', '.join(event_columns())} FROM event ORDER BY date, id"
            print(f"    baseline: sqlite3 -readonly -csv DB {sql!r}")
            base = cli_export(db, sql, timeout=args.export_timeout)
            if base is None:
                print("    sqlite3 CLI not found (apt-get install -y sqlite3): no baseline")
            else:
                print(f"    sqlite3 -csv   {base.rows:>10,} rows {base.bytes / 2**20:8,.1f} MiB "
                      f"{base.seconds:6.2f} s {base.rows_per_s:10,.0f} rows/s")
                table.append(("(b) sqlite3 -csv rows/s", f"{base.rows_per_s:,.0f}", "", ""))
            time.sleep(0.5)
            idle_kb = status_kb(app.pid, "VmRSS")
            results["export"] = {"idle_rss_kb": idle_kb,
                                 "sqlite3": vars(base) | {"rows_per_s": base.rows_per_s} if base else None}
            print(f"    server idle VmRSS {idle_kb / 1024:,.1f} MiB (VmHWM so far "
                  f"{status_kb(app.pid, 'VmHWM') / 1024:,.1f} MiB)")
            for fmt, header, goal in (("csv", 1, 0.60), ("ndjson", 0, 0.70)):
                ex = http_export(app, f"/v1/events?format={fmt}", header_lines=header,
                                 timeout=args.export_timeout)
                grow = (ex.peak_rss_kb - idle_kb) / 1024
                line = (f"    app {fmt:7} {ex.rows:>10,} rows {ex.bytes / 2**20:8,.1f} MiB {ex.seconds:6.2f} s "
                        f"{ex.rows_per_s:10,.0f} rows/s; peak VmRSS {ex.peak_rss_kb / 1024:,.1f} MiB "
                        f"(+{grow:,.1f} MiB over idle)")
                print(line)
                if ex.rows != t.total_events:
                    print(f"    WARNING: {ex.rows:,} rows exported, {t.total_events:,} in the table")
                rel = ex.rows_per_s / base.rows_per_s if base and base.rows_per_s else None
                results["export"][fmt] = vars(ex) | {"rows_per_s": ex.rows_per_s, "ratio": rel,
                                                     "rss_growth_mib": grow}
                table.append((f"(b) export {fmt}: rows/s", f"{ex.rows_per_s:,.0f}", "", ""))
                if rel is not None:
                    table.append((f"(b) export {fmt}: app/sqlite3", f"{rel:.1%}", f">= {goal:.0%}",
                                  verdict(rel >= goal)))
                table.append((f"(b) export {fmt}: RSS growth", f"{grow:,.1f} MiB", "<= 32 MiB",
                              verdict(grow <= 32)))
            results["export"]["vmhwm_kb"] = status_kb(app.pid, "VmHWM")
            phase_end("(b)")

        sequential_phases(app.port, t, words, samples=args.samples, budget=args.budget, search_goal=0.015,
                          results=results, table=table, phase_end=phase_end)
        print(whole.report("whole run"))
        results["other_cpu_share"] = busy | {"whole run": whole.other()[0] / max(whole.other()[1], 1e-9)}
        table.append(("other processes' CPU (share of a core)",
                      " ".join(f"{k}{v:.0%}" for k, v in busy.items()), "~0%", verdict(max(busy.values()) <= 0.15)))
    finally:
        for server in (bare, hand, hot, bare_graphql, app):
            server.stop()
        for name in (body_file.name, graphql_body.name):
            with contextlib.suppress(OSError):
                os.unlink(name)

    # plans ------------------------------------------------------------------------------------------
    if not args.no_explain:
        print("\nQuery plans of the app's statements (EXPLAIN QUERY PLAN)")
        try:
            qs = [("(a) page", urlencode({"mission": t.busy_mission, "date__gte": t.date_from,
                                          "date__lte": t.date_to, "limit": 50})),
                  ("(b) export", "format=csv"),
                  ("(c) search", urlencode({"q": words[-1] if words else "security", "limit": 50})),
                  *few_matches_search(words, t.word_freq),
                  ("(d) count", urlencode({"mission": t.busy_mission, "kind": "statement", "limit": 1})),
                  ("(e) first page", "limit=50")]
            for line in explain(db, qs):
                print(line)
        except Exception as exc:  # the query layer is young: a plan is a bonus, not the benchmark
            print(f"  could not explain: {type(exc).__name__}: {exc}")

    results["loadavg_end"] = os.getloadavg()
    print(f"\nSummary (load average at end {results['loadavg_end'][0]:.2f})")
    w1 = max(len(r[0]) for r in table)
    w2 = max(len(r[1]) for r in table)
    for measure, value, target, ok in table:
        print(f"  {measure:<{w1}}  {value:>{w2}}  {target:>9}  {ok}")
    if args.json:
        results["table"] = table
        args.json.write_text(json.dumps(results, indent=2, default=str))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
