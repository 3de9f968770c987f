"""The database, seen by the shared reference checks (``api.curation.references``) as the seed
loader's in-memory maps are: which ids exist, and the Council's members by year. Every
answer is a lookup in the write's own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from api.curation.documents import WRITABLE
from api.models import CouncilSeat, Resolution
from api.query.resources import RESOURCES

__all__ = ["DatabaseCouncil", "DatabaseIds", "DatabaseResolutions"]

_seat = CouncilSeat.__table__  # type: ignore[attr-defined]
_resolution = Resolution.__table__  # type: ignore[attr-defined]


class DatabaseIds(Mapping[str, Any]):
    """``ids[kind]`` answers ``id in ids[kind]`` with a lookup in this transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def __getitem__(self, kind: str) -> _Exists:
        return _Exists(self.conn, RESOURCES[kind].table)

    def __iter__(self) -> Any:
        return iter(WRITABLE)

    def __len__(self) -> int:
        return len(WRITABLE)


class _Exists:
    def __init__(self, conn: Connection, table: sa.Table) -> None:
        self.conn, self.table = conn, table

    def __contains__(self, record_id: object) -> bool:
        found = self.conn.execute(sa.select(self.table.c.id).where(self.table.c.id == record_id)).first()
        return found is not None


class DatabaseCouncil(Mapping[int, set[str]]):
    """The Council's membership by year, from ``council_seat``."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def __getitem__(self, year: int) -> set[str]:
        members = set(self.conn.execute(sa.select(_seat.c.member).where(_seat.c.year == year)).scalars())
        if not members:
            raise KeyError(year)
        return members

    def __contains__(self, year: object) -> bool:
        return (
            self.conn.execute(sa.select(_seat.c.year).where(_seat.c.year == year).limit(1)).first()
            is not None
        )

    def __iter__(self) -> Any:
        return iter(self.conn.execute(sa.select(_seat.c.year).distinct()).scalars())

    def __len__(self) -> int:
        return len(list(self))


class DatabaseResolutions(Mapping[str, tuple[str, dt.date]]):
    """A resolution's symbol and adoption date by id, from ``resolution``."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def __getitem__(self, resolution_id: str) -> tuple[str, dt.date]:
        row = self.conn.execute(
            sa.select(_resolution.c.symbol, _resolution.c.adopted_on).where(_resolution.c.id == resolution_id)
        ).first()
        if row is None:
            raise KeyError(resolution_id)
        return row.symbol, row.adopted_on

    def __iter__(self) -> Iterator[str]:
        return iter(self.conn.execute(sa.select(_resolution.c.id)).scalars())

    def __len__(self) -> int:
        return int(self.conn.execute(sa.select(sa.func.count()).select_from(_resolution)).scalar_one())
