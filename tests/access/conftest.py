"""The writable database fixtures of tests/curation/, shared here."""

from tests.curation.conftest import curate, keys, wclient, writable_app, writable_settings

__all__ = ["curate", "keys", "wclient", "writable_app", "writable_settings"]
