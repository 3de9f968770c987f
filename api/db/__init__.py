"""The database layer: engines and their connection rules (``engine``), statement time
limits (``timeouts``) and migrations (``migrate``, ``migrations/``). Everything above it
reaches the database through an engine made here."""

from api.db.engine import (
    WRITE_OPTION,
    create_engine,
    database_errors,
    is_postgres,
    is_sqlite,
    unavailable,
    without_time_limit,
    write_transaction,
)

__all__ = [
    "WRITE_OPTION",
    "create_engine",
    "database_errors",
    "is_postgres",
    "is_sqlite",
    "unavailable",
    "without_time_limit",
    "write_transaction",
]
