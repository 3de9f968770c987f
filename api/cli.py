"""The ``peaceops`` command: serve | db upgrade | seed | export | import | openapi | schema."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from api.errors import PeaceopsError
from api.settings import Settings

__all__ = ["main"]


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

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply every migration up to the latest")

    seed = sub.add_parser("seed", help="validate and load the dataset (idempotent)")
    seed.add_argument("path", nargs="?", type=Path, help="seed folder (default: the bundled seed/)")
    seed.add_argument("--check", action="store_true", help="validate only; write nothing")

    export = sub.add_parser("export", help="write the dataset as CSV tables with a datapackage.json")
    export.add_argument("path", type=Path, help="the folder to write (created if missing)")
    load = sub.add_parser("import", help="load an export into an empty, migrated database")
    load.add_argument("path", type=Path, help="the folder an export wrote")

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
        return 1
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.command == "serve":
        return _serve(settings, args)
    if args.command == "db":
        _upgrade(settings)
        print("database is at the latest migration")
        return 0
    if args.command == "seed":
        return _seed(settings, args.path or settings.seed_dir, check=args.check)
    if args.command in ("export", "import"):
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


def _upgrade(settings: Settings) -> None:
    from api.db import create_engine
    from api.migrate import upgrade

    engine = create_engine(settings)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def _export_or_import(settings: Settings, command: str, path: Path) -> int:
    from api.db import create_engine
    from api.export import export_dataset, import_dataset

    engine = create_engine(settings)
    try:
        counts = export_dataset(engine, path) if command == "export" else import_dataset(engine, path)
    finally:
        engine.dispose()
    done = "wrote" if command == "export" else "loaded"
    print(f"{command}: {done} {sum(counts.values())} rows in {len(counts)} tables ({path})")
    return 0


def _seed(settings: Settings, path: Path, *, check: bool) -> int:
    from api.db import create_engine
    from api.seed import load_seed, read_seed

    if check:
        data = read_seed(path)
        counts = ", ".join(f"{len(v)} {k}" for k, v in vars(data).items())
        print(f"seed is valid: {counts}")
        return 0
    engine = create_engine(settings)
    try:
        print(load_seed(engine, path).summary())
    finally:
        engine.dispose()
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from api.db import create_engine
    from api.migrate import upgrade
    from api.seed import load_seed

    engine = create_engine(settings)
    try:
        upgrade(engine)
        if _is_empty(engine):
            print(load_seed(engine, settings.seed_dir).summary())
    finally:
        engine.dispose()
    uvicorn.run(
        "api.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        reload=args.reload,
        workers=None if args.reload else args.workers,
        loop="auto",
        http="auto",
        log_level="info",
    )
    return 0


def _is_empty(engine: object) -> bool:
    import sqlalchemy as sa

    from api.models import Mission

    with engine.connect() as conn:  # type: ignore[attr-defined]
        count: int = conn.execute(sa.select(sa.func.count()).select_from(Mission)).scalar_one()
        return count == 0


if __name__ == "__main__":
    raise SystemExit(main())
