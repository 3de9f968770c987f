"""What an operation's outcome means outside GraphQL: metrics, and HTTP 503 with
``Retry-After`` when the database did not answer (the body is still a GraphQL response,
its errors coded ``UNAVAILABLE`` or ``TIMEOUT``), so that clients and load balancers
see an outage as one."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from api.errors import DatabaseUnavailable
from api.service.metrics import GRAPHQL_OPERATIONS

__all__ = ["OperationOutcome"]


class OperationOutcome(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        errors = getattr(context.result, "errors", None) or context.pre_execution_errors or ()
        if not errors:
            outcome = "ok"
        elif all(e.path is None for e in errors):  # parse, validation, limits: never executed
            outcome = "refused"
        else:
            outcome = "error"
        GRAPHQL_OPERATIONS.labels(outcome).inc()
        outage = next(
            (e.original_error for e in errors if isinstance(e.original_error, DatabaseUnavailable)), None
        )
        response = getattr(context.context, "response", None)
        if outage is not None and response is not None and hasattr(response, "headers"):
            response.status_code = outage.status
            response.headers["Retry-After"] = str(outage.retry_after)
