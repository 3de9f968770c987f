"""``api.query.kept.Kept``: computed once per key, bounded, nothing kept on a raise."""

from __future__ import annotations

import pytest

from api.query.kept import Kept


def test_values_are_computed_once_and_the_cache_stays_bounded() -> None:
    kept: Kept[int] = Kept(limit=3)
    calls: list[int] = []

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    assert [kept.get(n, lambda n=n: square(n)) for n in (1, 2, 1, 2)] == [1, 4, 1, 4]
    assert calls == [1, 2]
    for n in range(10):
        kept.get(n, lambda n=n: square(n))
    assert len(kept._values) <= 3
    assert kept.get(None, lambda: 0) == 0  # any hashable key, falsy values kept too
    assert kept.get(None, lambda: 1) == 0


def test_a_compute_that_raises_keeps_nothing() -> None:
    kept: Kept[int] = Kept()

    def fail() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError):
        kept.get("k", fail)
    assert kept.get("k", lambda: 7) == 7
