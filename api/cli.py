"""The ``peaceops`` command: serve | db upgrade | seed | export | import | openapi | schema."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from api.errors import BadRequest, PeaceopsError
from api.settings import Settings

if TYPE_CHECKING:
    from api.db.migrate import Upgraded

__all__ = ["main", "uvicorn_options"]

# SQLite's and PostgreSQL's words for a table that is not there.
_NO_TABLE = re.compile(r"no such table|relation \S+ does not exist")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peaceops",
        description="Research data API on multinational security missions. "
        "The database is PEACEOPS_DATABASE_URL (default sqlite:///peaceops.db).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="migrate, seed an empty database, and serve the API")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument(
        "--graceful-timeout",
        type=float,
        default=30.0,
        help="seconds in-flight requests get to finish after SIGTERM (default 30)",
    )

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply every migration up to the latest")

    seed = sub.add_parser("seed", help="validate and load the dataset (idempotent), or dump it")
    seed.add_argument(
        "path",
        nargs="*",
        type=Path,
        help="seed folder (default: the bundled seed/); `seed dump DIR` writes the database as seed files",
    )
    seed.add_argument("--check", action="store_true", help="validate only; write nothing")
    seed.add_argument(
        "--overwrite",
        action="store_true",
        help="load even over records written since the last seed load (API writes, imports); "
        "their revisions say what they overwrote",
    )
    seed.add_argument(
        "--dump-conflicts",
        type=Path,
        metavar="DIR",
        help="when the load is refused (it would revert records written since the last seed load), "
        "write those records as they stand into DIR, in the seed files' layout, to merge into the files",
    )

    keys = sub.add_parser("keys", help="API keys for curators")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = keys_sub.add_parser("create", help="create a key and print it (once)")
    create.add_argument("--name", required=True, help="who or what the key is for")
    create.add_argument("--scope", choices=["read", "curate"], default="read", help="default: read")
    keys_sub.add_parser("list", help="list keys (never the keys themselves)")
    revoke = keys_sub.add_parser("revoke", help="revoke a key")
    revoke.add_argument("id", help="the key's id (the part after po_)")
    export = sub.add_parser("export", help="write the dataset as CSV tables with a datapackage.json")
    export.add_argument("path", type=Path, help="the folder to write (created if missing)")
    load = sub.add_parser(
        "import",
        help="load an export into an empty database (migrated first), or the UN Digital Library's "
        "Security Council voting data (--format undl-sc-votes)",
    )
    load.add_argument("path", type=Path, help="the folder an export wrote, or the voting data CSV file")
    load.add_argument(
        "--format",
        choices=["datapackage", "undl-sc-votes"],
        default="datapackage",
        help="datapackage (default): a folder written by `peaceops export`; undl-sc-votes: the "
        "CSV of https://digitallibrary.un.org/record/4055387, imported idempotently",
    )

    sub.add_parser("openapi", help="print the OpenAPI 3.1 contract")
    sub.add_parser("schema", help="print the GraphQL schema (SDL)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except PeaceopsError as exc:
        print(f"peaceops: {exc.detail}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(f"peaceops: database error: {reason}", file=sys.stderr)
        if _NO_TABLE.search(reason):
            print("peaceops: the database has no schema yet: run `peaceops db upgrade`", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.command == "serve":
        return _serve(settings, args)
    if args.command == "db":
        print(f"db upgrade: {_upgrade(settings)}")
        return 0
    if args.command == "seed":
        if args.path and str(args.path[0]) == "dump":
            if len(args.path) != 2:
                raise BadRequest("usage: peaceops seed dump DIR")
            return _dump(settings, args.path[1])
        if len(args.path) > 1:
            raise BadRequest("usage: peaceops seed [PATH] | peaceops seed dump DIR")
        if args.overwrite and args.dump_conflicts is not None:
            raise BadRequest("--overwrite and --dump-conflicts exclude each other")
        return _seed(settings, args.path[0] if args.path else settings.seed_dir, args)
    if args.command == "keys":
        return _keys(settings, args)
    if args.command == "import" and args.format == "undl-sc-votes":
        return _import_votes(settings, args.path)
    if args.command in ("export", "import"):
        if args.command == "import" and args.path.is_file():
            raise BadRequest(
                f"{args.path} is a file; a data package is the folder `peaceops export` wrote "
                "(for the UN Digital Library's voting data, add --format undl-sc-votes)"
            )
        return _export_or_import(settings, args.command, args.path)
    if args.command == "openapi":
        from api.rest.openapi import openapi_json

        sys.stdout.write(openapi_json())
        return 0
    if args.command == "schema":
        from api.graphql.schema import schema_sdl

        sys.stdout.write(schema_sdl())
        return 0
    raise AssertionError(args.command)


def _keys(settings: Settings, args: argparse.Namespace) -> int:
    from api.curation.keys import create_key, list_keys, revoke_key
    from api.db import create_engine
    from api.models.enums import KeyScope

    engine = create_engine(settings)
    try:
        if args.keys_command == "create":
            key = create_key(engine, name=args.name, scope=KeyScope(args.scope))
            print(key)
            print("Store it now: it is not kept and cannot be shown again.", file=sys.stderr)
        elif args.keys_command == "list":
            for info in list_keys(engine):
                state = f"revoked {info.revoked_at:%Y-%m-%d}" if info.revoked_at else "active"
                print(f"{info.id}  {info.scope:7}  {state:18}  {info.name}")
        else:
            revoke_key(engine, args.id)
            print(f"revoked {args.id}")
    finally:
        engine.dispose()
    return 0


def _dump(settings: Settings, folder: Path) -> int:
    from api.curation.dump import dump_seed
    from api.db import create_engine

    engine = create_engine(settings)
    try:
        counts = dump_seed(engine, folder)
    finally:
        engine.dispose()
    print(f"wrote {folder}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0


def _upgrade(settings: Settings) -> Upgraded:
    from api.db import create_engine
    from api.db.migrate import upgrade
    from api.research.dataset_version import store_version_if_missing

    engine = create_engine(settings)
    try:
        return upgrade(engine, then=store_version_if_missing)
    finally:
        engine.dispose()


def _export_or_import(settings: Settings, command: str, path: Path) -> int:
    from api.curation.importers.datapackage import export_dataset, import_dataset
    from api.db import create_engine

    engine = create_engine(settings)
    try:
        if command == "import":
            # Into a database with no schema (or an older one) too: migrated first, as serve does.
            from api.db.migrate import upgrade

            upgraded = upgrade(engine)
            if upgraded.before != upgraded.after:
                print(f"import: {upgraded}")
        counts = export_dataset(engine, path) if command == "export" else import_dataset(engine, path)
    finally:
        engine.dispose()
    done = "wrote" if command == "export" else "loaded"
    print(f"{command}: {done} {sum(counts.values())} rows in {len(counts)} tables ({path})")
    return 0


def _import_votes(settings: Settings, path: Path) -> int:
    """The UN Digital Library's voting data: problems one per line on stderr and nothing
    written (exit 1), or what was written on stdout. A new database is migrated first."""
    from api.curation.importers.progress import TerminalProgress
    from api.curation.importers.undl import import_voting_file
    from api.curation.importers.undl_read import VotingFileError
    from api.db import create_engine
    from api.db.migrate import current_revision, head_revision, upgrade

    if not path.is_file():
        raise BadRequest(f"{path}: no such file")
    engine = create_engine(settings)
    bar = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        current, head = current_revision(engine), head_revision()
        if current is None:
            upgrade(engine)
            print("peaceops: migrated the new database to the latest schema", file=sys.stderr)
        elif current != head:
            raise BadRequest(
                f"the database is at migration {current}, not the latest ({head}): "
                "run `peaceops db upgrade` first"
            )
        report = import_voting_file(engine, path, progress=bar)
    except VotingFileError as exc:
        if bar is not None:
            bar.close()
        for line in exc.problems:
            print(line, file=sys.stderr)
        if exc.more:
            print(f"... and {exc.more} more", file=sys.stderr)
        print(f"peaceops: {path}: {exc.detail}", file=sys.stderr)
        return 1
    finally:
        if bar is not None:
            bar.close()
        engine.dispose()
    for line in report.lines():
        print(line)
    return 0


def _seed(settings: Settings, path: Path, args: argparse.Namespace) -> int:
    """Load the seed; refused (exit 1, nothing written) when it would revert a record
    written since the last seed load: one line per record on stderr, and with
    ``--dump-conflicts DIR`` those records written to DIR."""
    from api.curation.dump import dump_records
    from api.curation.recorded import SeedConflicts
    from api.curation.seed import SEED_FILES, load_seed, read_seed
    from api.db import create_engine

    if args.check:
        data = read_seed(path)
        counts = ", ".join(f"{len(getattr(data, kind))} {kind}" for kind in SEED_FILES)
        print(f"seed is valid: {counts}")
        return 0
    engine = create_engine(settings)
    try:
        print(load_seed(engine, path, overwrite=args.overwrite).summary())
    except SeedConflicts as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        print(f"peaceops: {exc.detail}", file=sys.stderr)
        if args.dump_conflicts is not None:
            records = [
                (c.resource, c.record_id, exc.where.get((c.resource, c.record_id), f"{c.resource}.yaml"))
                for c in exc.conflicts
            ]
            n = dump_records(engine, records, args.dump_conflicts)
            print(
                f"peaceops: wrote {n} record{'s' if n != 1 else ''} as stored now to {args.dump_conflicts}, "
                "in the seed files' layout; merge them into the seed files and load again",
                file=sys.stderr,
            )
        else:
            print(
                "peaceops: `peaceops seed --dump-conflicts DIR` writes them out to merge into the "
                "seed files; `peaceops seed --overwrite` loads over them",
                file=sys.stderr,
            )
        return 1
    finally:
        engine.dispose()
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    _prepare(settings)  # once, before any worker starts
    cleanup = _multiprocess_metrics_dir() if args.workers > 1 and not args.reload else None
    try:
        uvicorn.run("api.app:app_from_env", factory=True, **uvicorn_options(args))
    finally:
        if cleanup is not None:
            cleanup()
    return 0


def uvicorn_options(args: argparse.Namespace) -> dict[str, Any]:
    """How ``peaceops serve`` runs uvicorn: JSON logs with request ids and no uvicorn
    access log (ours strips keys), graceful shutdown, proxy headers from the addresses in
    ``FORWARDED_ALLOW_IPS`` (uvicorn's variable; 127.0.0.1 by default)."""
    from api.service.access_log import log_config

    return {
        "host": args.host,
        "port": args.port,
        "reload": args.reload,
        "workers": None if args.reload else args.workers,
        "loop": "auto",
        "http": "auto",
        "log_level": "info",
        "log_config": log_config(),
        "access_log": False,
        "proxy_headers": True,
        "timeout_graceful_shutdown": args.graceful_timeout,
        "server_header": False,
    }


def _prepare(settings: Settings) -> None:
    """Migrate, and seed an empty database. On PostgreSQL an advisory lock makes machines
    that start together take turns: one migrates and seeds, the others find it done."""
    import sqlalchemy as sa

    from api.curation.seed import load_seed
    from api.db import create_engine, is_postgres
    from api.db.migrate import upgrade
    from api.research.dataset_version import store_version_if_missing

    engine = create_engine(settings)
    try:
        with engine.connect() as lock:
            if is_postgres(engine):
                lock.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": _PREPARE_LOCK})
            upgrade(engine, then=store_version_if_missing)
            if _is_empty(engine):
                print(load_seed(engine, settings.seed_dir).summary())
            if is_postgres(engine):
                lock.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": _PREPARE_LOCK})
    finally:
        engine.dispose()


_PREPARE_LOCK = 7_300_001


def _multiprocess_metrics_dir() -> Callable[[], None]:
    """Workers share /metrics through prometheus-client's multiprocess mode: a fresh folder
    for this run unless PROMETHEUS_MULTIPROC_DIR names one."""
    import os
    import shutil
    import tempfile

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return lambda: None
    path = tempfile.mkdtemp(prefix="peaceops-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    return lambda: shutil.rmtree(path, ignore_errors=True)


def _is_empty(engine: object) -> bool:
    import sqlalchemy as sa

    from api.models import Mission

    with engine.connect() as conn:  # type: ignore[attr-defined]
        count: int = conn.execute(sa.select(sa.func.count()).select_from(Mission)).scalar_one()
        return count == 0


if __name__ == "__main__":
    raise SystemExit(main())
