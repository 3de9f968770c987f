"""The sequential phases of ``rest.py`` and ``rest_postgres.py``, one request at a time on
a keep-alive connection: (c) search, (d) counts on indexed filters, (e) the unfiltered
first page. Each prints its lines, fills ``results`` and adds rows to the summary
``table``; the callers close each phase (``phase_end``) with their CPU meters."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from servers import sequential_latency

__all__ = ["ms", "sequential_phases", "verdict"]

Table = list[tuple[str, str, str, str]]


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def sequential_phases(
    port: int,
    targets: Any,
    words: tuple[str, ...],
    *,
    samples: int,
    budget: float,
    search_goal: float,
    results: dict[str, Any],
    table: Table,
    phase_end: Callable[[str], None],
) -> None:
    """``targets``: the run's busiest and median missions and word frequencies
    (``busy_mission``, ``mid_mission``, ``word_freq``); ``search_goal``: seconds."""
    print("\n(c) q= search, sequential")
    results["search"] = {}
    for w in words:
        path = "/v1/events?" + urlencode({"q": w, "limit": 50})
        lat, body = sequential_latency(port, path, samples=samples, budget=budget)
        med = statistics.median(lat)
        matches = targets.word_freq.get(w, 0)
        # The first request also counts the matches (the count is then kept per dataset
        # version): it is printed apart.
        print(f"    q={w:14} {matches:>9,} matching events  median {ms(med):>10}  "
              f"first {ms(lat[0]):>10}  max {ms(max(lat)):>10}  (n={len(lat)}, meta.count {body['meta']['count']:,})")
        results["search"][w] = {"matches": matches, "median_s": med, "first_s": lat[0], "n": len(lat)}
        table.append((f"(c) q={w} ({matches:,} hits) median", ms(med), f"< {search_goal * 1e3:.0f} ms",
                      verdict(med < search_goal)))
    phase_end("(c)")

    print("\n(d) mission & kind, limit=1 (meta.count), sequential")
    results["counts"] = {}
    for mission, kind in ((targets.busy_mission, "statement"), (targets.busy_mission, "transition"),
                          (targets.mid_mission, "violence")):
        path = "/v1/events?" + urlencode({"mission": mission, "kind": kind, "limit": 1})
        lat, body = sequential_latency(port, path, samples=samples, budget=budget)
        med = statistics.median(lat)
        count = body["meta"]["count"]
        print(f"    mission={mission} kind={kind:11} count {count:>8,}  median {ms(med):>9}  "
              f"first (uncached count) {ms(lat[0]):>9}  (n={len(lat)})")
        results["counts"][f"{mission}/{kind}"] = {"count": count, "median_s": med, "first_s": lat[0]}
        table.append((f"(d) mission={mission} kind={kind} ({count:,})", f"{ms(med)} (first {ms(lat[0])})", "", ""))
    phase_end("(d)")

    print("\n(e) unfiltered first page, sequential")
    lat, body = sequential_latency(port, "/v1/events?limit=50", samples=samples, budget=budget)
    med = statistics.median(lat)
    print(f"    /v1/events?limit=50  count {body['meta']['count']:,}  median {ms(med)}  "
          f"first (uncached count) {ms(lat[0])}  (n={len(lat)})")
    results["unfiltered_page_median_s"] = med
    table.append(("(e) /v1/events?limit=50 median", f"{ms(med)} (first {ms(lat[0])})", "", ""))
    phase_end("(e)")
