"""Load bench/generate.py's dataset into PostgreSQL: the same rows for the same arguments.

    python bench/generate.py --events 1000000 --database-url postgresql+psycopg://postgres@127.0.0.1/peaceops_bench

``generate.py`` hands its arguments here when ``--database-url`` is given. The database is
a throw-away one: created when missing; when it already holds data, ``--force`` drops and
creates it again. The schema is the app's own (its Alembic migrations). The load:

1. the primary keys, unique constraints, foreign keys and secondary indexes of every table
   are dropped, each kept as its own DDL (``pg_get_constraintdef``, ``pg_indexes``);
2. the rows of ``generate.load_rows`` go in by COPY (psycopg 3 ``cursor.copy``), one
   transaction per batch, with ``synchronous_commit`` off; a column the engine does not
   have (``search_document.sort_key``, SQLite's alone) is left out;
3. the keys and indexes are built again from their DDL (``maintenance_work_mem`` raised
   for the session), then the foreign keys, which PostgreSQL checks over the whole tables
   as it adds them (so a wrong reference fails the load);
4. ``VACUUM (ANALYZE)``: statistics for the planner and the visibility map that lets it
   answer counts from an index alone, as a database some time in service would have;
5. the ``dataset_state`` row by the app's own ``refresh_dataset_version``. The version is
   a content hash the same on both engines, so it equals the SQLite file's for the same
   arguments: the check that the rows are the same.
"""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

import psycopg
from generate import TODAY, Sink, Timer, load_rows

KEEP = {"alembic_version"}  # tables the load leaves alone


def conninfo(url: str, database: str | None = None) -> str:
    """A libpq connection string from the app's SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if database is not None:
        u = u.set(database=database)
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresSink(Sink):
    """COPY a batch at a time, one transaction per ``begin``/``commit``."""

    def __init__(self, conn: psycopg.Connection[Any], columns: dict[str, list[str]],
                 stamped: set[str], optional: set[str]) -> None:
        super().__init__(stamped, optional)
        self.conn, self.columns = conn, columns

    def begin(self) -> None:
        pass  # psycopg opens a transaction at the first statement

    def commit(self) -> None:
        self.conn.commit()

    def write(self, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
        names = [c.strip() for c in columns.split(",")]
        present = set(self.columns[table])
        keep = [i for i, name in enumerate(names) if name in present]
        if len(keep) < len(names):  # e.g. search_document.sort_key: SQLite's alone
            names = [names[i] for i in keep]
            rows = [tuple(r[i] for i in keep) for r in rows]
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            write_row = copy.write_row
            for row in rows:
                write_row(row)


def prepare_database(url: str, force: bool) -> None:
    """Create the database if it is missing; drop and create it again with ``force`` when
    it holds data (it is a throw-away benchmark database)."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    if not name:
        raise SystemExit(f"{url}: name the database to load (e.g. .../peaceops_bench)")
    with psycopg.connect(conninfo(url, "postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            with psycopg.connect(conninfo(url)) as conn:
                has_data = conn.execute(
                    "SELECT to_regclass('public.event') IS NOT NULL AND EXISTS (SELECT 1 FROM event)"
                ).fetchone()
            if has_data and has_data[0]:
                if not force:
                    raise SystemExit(f"database {name} holds data; pass --force to drop and create it again")
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def migrate(url: str) -> None:
    from api.db import create_engine
    from api.db.migrate import upgrade
    from api.settings import Settings

    engine = create_engine(Settings(database_url=url))
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def write_dataset_version(url: str) -> str:
    """The ``dataset_state`` row, by the app's own rule; its timestamp the fixed "today"."""
    import sqlalchemy as sa

    from api.db import create_engine, write_transaction
    from api.research.dataset_version import refresh_dataset_version
    from api.settings import Settings

    engine = create_engine(Settings(database_url=url))
    try:
        with write_transaction(engine) as conn:
            version = refresh_dataset_version(conn)
            conn.execute(sa.text("UPDATE dataset_state SET updated_at = :at"),
                         {"at": f"{TODAY.isoformat()}T00:00:00+00:00"})
    finally:
        engine.dispose()
    return version


def write_postgres(args: argparse.Namespace) -> None:
    url: str = args.database_url
    if not url.startswith("postgresql"):
        raise SystemExit(f"--database-url {url}: a PostgreSQL URL (postgresql+psycopg://...)")
    timer = Timer()
    print(f"loading {url} (seed {args.seed}: {args.events} events, {args.observations} "
          f"observations, {args.missions} missions, {args.contributors} contributors, "
          f"{args.sources} sources)")
    prepare_database(url, args.force)
    with timer("migrate (alembic upgrade head)"):
        migrate(url)

    conn = psycopg.connect(conninfo(url))
    try:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET TimeZone = 'UTC'")  # the stamps are UTC, as a seed load writes them
        columns: dict[str, list[str]] = {}
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ):
            columns.setdefault(table, []).append(column)
        tables = sorted(set(columns) - KEEP)
        stamped = {t for t in tables if {"created_at", "updated_at"} <= set(columns[t])}
        optional = {"observation.increment"} if "increment" in columns.get("observation", []) else set()

        # Keys, foreign keys and indexes off during the load, kept as their own DDL.
        constraints = conn.execute(
            "SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.connamespace = 'public'::regnamespace "
            "AND c.contype IN ('p', 'u', 'f') AND c.conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            (tables,),
        ).fetchall()
        keys = [(t, n, d) for t, n, kind, d in constraints if kind in "pu"]
        foreign = [(t, n, d) for t, n, kind, d in constraints if kind == "f"]
        owned = {n for _, n, _ in keys}
        indexes = [(name, sql) for name, sql in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = ANY(%s) ORDER BY indexname", (tables,)
        ) if name not in owned]
        for table, name, _ in foreign:
            conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table, name, _ in keys:
            conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        conn.commit()

        counts = load_rows(PostgresSink(conn, columns, stamped, optional), args, timer)

        with timer(f"recreate {len(keys)} primary keys and unique constraints"):
            for table, name, ddl in keys:
                conn.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {ddl}')
            conn.commit()
        with timer(f"recreate {len(indexes)} indexes"):
            for _, ddl in indexes:
                conn.execute(ddl)
            conn.commit()
        with timer(f"recreate {len(foreign)} foreign keys (checked over the whole tables)"):
            for table, name, ddl in foreign:
                conn.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {ddl}')
            conn.commit()
        conn.autocommit = True
        with timer("VACUUM (ANALYZE)"):
            conn.execute("VACUUM (ANALYZE)")
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    finally:
        with contextlib.suppress(Exception):
            conn.close()

    with timer("dataset version (api.research.dataset_version.refresh_dataset_version)"):
        version = write_dataset_version(url)
        print(f" {version}", end="")
    print(f"done in {timer.total:.1f} s: {url} ({(size[0] if size else 0) / 2**20:,.0f} MiB)")
    print("  rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
