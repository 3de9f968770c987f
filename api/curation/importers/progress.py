"""A progress bar for long commands, drawn on a terminal only (stderr, when it is one):
piped or logged output stays free of carriage returns."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["TerminalProgress"]

_WIDTH = 30
_EVERY = 0.1  # seconds between redraws


class TerminalProgress:
    """``progress(label, total)`` starts a bar (ending the one before) and returns the
    function to call with each amount done; ``close()`` ends the last bar."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.label, self.total, self.done = "", 0, 0
        self.drawn_at = 0.0
        self.shown = -1  # the amount last drawn
        self.open = False

    def __call__(self, label: str, total: int) -> Callable[[int], None]:
        self.close()
        self.label, self.total, self.done, self.open = label, max(total, 1), 0, True
        self._draw()
        return self._advance

    def _advance(self, n: int) -> None:
        self.done = min(self.done + n, self.total)
        if self.done != self.shown and (
            self.done == self.total or time.monotonic() - self.drawn_at >= _EVERY
        ):
            self._draw()

    def _draw(self) -> None:
        share = self.done / self.total
        filled = int(share * _WIDTH)
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r{self.label:<8} [{bar}] {share:4.0%}")
        self.stream.flush()
        self.drawn_at = time.monotonic()
        self.shown = self.done

    def close(self) -> None:
        if self.open:
            self.done = self.total
            if self.shown != self.done:
                self._draw()
            self.stream.write("\n")
            self.stream.flush()
            self.open = False
