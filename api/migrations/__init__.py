"""Alembic migrations, run through ``api.migrate`` (``peaceops db upgrade``)."""
