"""What the planner hands the store: a statement's shape (built and compiled once) and
the values a request binds to it, named in walk order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import sqlalchemy as sa

__all__ = ["Binder", "Plan", "Shape"]


@dataclass(frozen=True)
class Shape:
    """What a statement looks like without its values: the compile cache key."""

    key: tuple[Any, ...]
    build: Callable[[], sa.Select[Any]]


@dataclass(frozen=True)
class Plan:
    shape: Shape
    params: dict[str, Any]


class Binder:
    """Names bound parameters in walk order and records their values."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite
        self.params: dict[str, Any] = {}

    def bind(self, value: Any) -> sa.BindParameter[Any]:
        name = f"p{len(self.params)}"
        self.params[name] = self.wire(value)
        return sa.bindparam(name)

    def wire(self, value: Any) -> Any:
        if isinstance(value, Enum):
            return value.value
        if self.sqlite:
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, bool):
                return int(value)
        return value
