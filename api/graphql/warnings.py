"""``extensions.warnings`` of a response: what the query layer noticed while answering but
did not refuse (a filter value that is no record's id, ``api.query.hints``). The same
warnings REST gives in ``meta.warnings``, gathered on the request's context by the list
fields and written once per response."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension

__all__ = ["Warnings"]


class Warnings(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        found = getattr(self.execution_context.context, "warnings", None)
        return {"warnings": list(found)} if found else {}
