"""``GET /metrics`` in the Prometheus text format, and the metrics behind it.

- ``peaceops_http_requests_total{method,route,status}`` and
  ``peaceops_http_request_duration_seconds{method,route}``: by route *template*
  (``/v1/missions/{id}``), so ids do not explode the series; unmatched paths are
  ``route="unmatched"``.
- ``peaceops_graphql_operations_total{outcome}`` and ``peaceops_graphql_query_cost``.
- ``peaceops_db_connections_in_use`` and ``peaceops_db_connections_opened_total``.
- ``peaceops_ratelimit_refusals_total``.
- ``peaceops_response_cache_{hits,misses,evictions}_total`` (``api.service.response_cache``).

With several workers, each process counts for itself; when ``PROMETHEUS_MULTIPROC_DIR``
is set (``peaceops serve --workers N`` sets it to a fresh folder), every worker writes
there and ``/metrics`` on any worker sums them all.
"""

from __future__ import annotations

import os
import time
from typing import Any

import prometheus_client
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.types import Scope

__all__ = [
    "CACHE_EVICTIONS",
    "CACHE_HITS",
    "CACHE_MISSES",
    "GRAPHQL_COST",
    "GRAPHQL_OPERATIONS",
    "RATE_LIMIT_REFUSALS",
    "CachedRoute",
    "instrument_pool",
    "metrics_endpoint",
    "observe_request",
    "route_template",
]

prometheus_client.disable_created_metrics()  # type: ignore[no-untyped-call]
_MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUESTS = Counter(
    "peaceops_http_requests",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "peaceops_http_request_duration_seconds",
    "Time from request to the end of the response.",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
GRAPHQL_OPERATIONS = Counter(
    "peaceops_graphql_operations", "GraphQL operations, by outcome (ok, refused, error).", ["outcome"]
)
GRAPHQL_COST = Histogram(
    "peaceops_graphql_query_cost",
    "The cost (records it may return) of each validated GraphQL query.",
    buckets=(1, 10, 50, 100, 500, 1000, 5000, 10_000, 50_000),
)
DB_IN_USE = Gauge(
    "peaceops_db_connections_in_use",
    "Database connections checked out of the pool.",
    multiprocess_mode="livesum",
)
DB_OPENED = Counter("peaceops_db_connections_opened", "Database connections opened by the pool.")
RATE_LIMIT_REFUSALS = Counter("peaceops_ratelimit_refusals", "Requests refused with 429.")
CACHE_HITS = Counter("peaceops_response_cache_hits", "Answers given from the response cache.")
CACHE_MISSES = Counter(
    "peaceops_response_cache_misses", "Answers the app made and the response cache then kept."
)
CACHE_EVICTIONS = Counter(
    "peaceops_response_cache_evictions", "Answers this worker's response cache dropped to stay in its budget."
)


class CachedRoute:
    """The route an answer from the response cache first matched: its template, for the
    request's metrics (the cache answers before routing)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path


def instrument_pool(engine: Engine) -> None:
    """Counts the connections ``engine``'s pool opens and has checked out."""
    event.listen(engine, "connect", lambda *_: DB_OPENED.inc())
    event.listen(engine, "checkout", lambda *_: DB_IN_USE.inc())
    event.listen(engine, "checkin", lambda *_: DB_IN_USE.dec())
    # A quick-read connection (api.access.quick) is detached: its thread's, no longer the pool's.
    event.listen(engine, "detach", lambda *_: DB_IN_USE.dec())


def route_template(scope: Scope) -> str:
    """``/v1/missions/{id}`` for a matched route, ``/graphql/static/*`` for a mount of files,
    ``unmatched`` for anything else (404 scans must not create series)."""
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return "unmatched"
    if isinstance(route, Mount):
        return "unmatched" if route.routes else f"{path}/*"
    root = scope.get("root_path", "")
    prefix: str = root[len(scope.get("app_root_path", root)) :]
    return prefix + path


def observe_request(scope: Scope, status: int, start: float) -> None:
    """Counts the answered request and its duration under its route template."""
    method = scope["method"] if scope["method"] in _METHODS else "other"
    counted, timed = _series(method, route_template(scope), status)
    counted.inc()
    timed.observe(time.perf_counter() - start)


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_SERIES: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def _series(method: str, route: str, status: int) -> tuple[Any, Any]:
    """The request counter's and the latency histogram's series for these labels, looked
    up once (``labels`` validates and locks on every call). Their number is bounded: the
    route is a template or ``unmatched``, the method one of ``_METHODS`` or ``other``."""
    key = (method, route, status)
    found = _SERIES.get(key)
    if found is None:
        found = _SERIES[key] = (REQUESTS.labels(method, route, str(status)), LATENCY.labels(method, route))
    return found


def _registry() -> CollectorRegistry:
    if _MULTIPROCESS:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return prometheus_client.REGISTRY


async def metrics_endpoint(request: Request) -> Response:
    return Response(
        prometheus_client.generate_latest(_registry()),
        media_type=prometheus_client.CONTENT_TYPE_LATEST,
        headers={"Cache-Control": "no-store"},
    )
