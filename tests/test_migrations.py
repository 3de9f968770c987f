"""The migration chain builds the schema the models describe, on the engine under test."""

from collections.abc import Callable

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import api.models  # noqa: F401
from api.db import create_engine
from api.migrate import current_revision, head_revision, include_name, include_object, upgrade
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
    Under a limit of a microsecond (a millisecond on PostgreSQL, its least) every
    statement of any size would be cancelled, the upgrade's included."""
    url = make_database()
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
