"""Column helpers shared by the table modules: enums stored as checked strings."""

from enum import Enum
from typing import Any

import sqlalchemy as sa

__all__ = ["enum_type"]


def enum_type(enum: type[Enum]) -> sa.Enum:
    """A portable enum column: VARCHAR plus a CHECK constraint on both engines, so adding a
    value is a plain migration and never an ``ALTER TYPE``."""
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=40,
        name=f"ck_{enum.__name__.lower()}",
        values_callable=_values,
        validate_strings=True,
    )


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]
