"""Statements compiled once per shape and engine, run on raw DBAPI cursors."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from api.errors import BadRequest
from api.query.kept import Kept
from api.query.sql.binding import Plan

__all__ = ["Statements"]

_Compiled = tuple[str, tuple[str, ...] | None, dict[str, Any]]
_MAX_SHAPES = 4096  # shapes are few; a flood of odd ones must not grow memory


class Statements:
    """The compile cache of one engine: SQL text, parameter order and literal defaults
    per statement shape (``binding.Shape``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._compiled: Kept[_Compiled] = Kept(_MAX_SHAPES)

    def run(self, cursor: Any, plan: Plan) -> None:
        sql, order, defaults = self._compiled.get(plan.shape.key, lambda: self._compile(plan))
        params = {**defaults, **plan.params} if defaults else plan.params
        try:
            if order is None:
                cursor.execute(sql, params)
            else:
                cursor.execute(sql, tuple(params[name] for name in order))
        except OverflowError:  # SQLite: past 64 bits
            raise BadRequest("a numeric parameter is out of range") from None
        except self.engine.dialect.loaded_dbapi.DataError:
            # PostgreSQL: a value its column type cannot hold (past 32 bits for INTEGER)
            raise BadRequest("a numeric parameter is out of range for its field") from None

    def _compile(self, plan: Plan) -> _Compiled:
        compiled = plan.shape.build().compile(dialect=self.engine.dialect)
        # Literal values the statement itself holds (LIMIT), keyed by their names.
        defaults = {k: v for k, v in compiled.params.items() if k not in plan.params}
        order = tuple(compiled.positiontup or ()) if self.engine.dialect.positional else None
        return str(compiled), order, defaults
