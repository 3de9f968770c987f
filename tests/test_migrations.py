"""The migration chain builds the schema the models describe, on the engine under test."""

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import api.models  # noqa: F401
from api.db import create_engine, without_time_limit, write_transaction
from api.db.migrate import current_revision, head_revision, include_name, include_object, upgrade
from api.db.timeouts import is_timeout
from api.settings import Settings


def test_upgrade_empty_database_to_head_matches_models(make_database: Callable[[], str]) -> None:
    engine = create_engine(Settings(database_url=make_database()))
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={"include_name": include_name, "include_object": include_object, "compare_type": True},
            )
            assert compare_metadata(context, SQLModel.metadata) == []
        upgrade(engine)  # a second upgrade is a no-op
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_an_upgrade_is_not_held_to_the_statement_time_limit(make_database: Callable[[], str]) -> None:
    """The limit guards requests; filling a column of a million rows (0006) takes longer.
    Under a limit of a microsecond every SQLite statement of any size would be cancelled,
    the upgrade's included. (PostgreSQL's least limit, a millisecond, can cancel the
    driver's own first queries on connecting: the next test covers it there.)"""
    url = make_database()
    if not url.startswith("sqlite"):
        pytest.skip("a limit of a microsecond is SQLite's; PostgreSQL is covered below")
    tight = create_engine(Settings(database_url=url, statement_timeout=1e-6))
    try:
        upgrade(tight)
    finally:
        tight.dispose()
    engine = create_engine(Settings(database_url=url))  # the check itself under the usual limit
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_the_limit_is_lifted_for_the_block_and_back_after(make_database: Callable[[], str]) -> None:
    """``without_time_limit``, which upgrades run under: a statement longer than the limit
    runs to its end inside the block, and is cancelled again after it."""
    engine = create_engine(Settings(database_url=make_database(), statement_timeout=0.05))
    slow = (
        "SELECT pg_sleep(0.3)"
        if engine.dialect.name == "postgresql"
        else "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) "
        "SELECT count(*) FROM c"
    )
    try:
        with write_transaction(engine) as conn, without_time_limit(conn):
            conn.exec_driver_sql(slow)
        with pytest.raises(sa.exc.OperationalError) as cancelled, write_transaction(engine) as conn:
            conn.exec_driver_sql(slow)
        assert is_timeout(cancelled.value.orig)
    finally:
        engine.dispose()
