"""Alembic migrations, run through ``api.db.migrate`` (``peaceops db upgrade``)."""
