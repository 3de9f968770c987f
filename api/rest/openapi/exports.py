"""The export operations of the contract: ``GET /v1/{resource}.csv`` and ``.ndjson``, a
list's whole filtered set streamed in one media type each, so that a typed client can
call them (the JSON list declares JSON only; ``format=`` on it is for curl users)."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson

from api.query import Resource
from api.rest.openapi.examples import EXAMPLES
from api.rest.openapi.params import list_parameters

__all__ = ["EXPORT_MEDIA", "export_op"]

EXPORT_MEDIA = {"csv": "text/csv", "ndjson": "application/x-ndjson"}
_WHAT = {
    "csv": "CSV with a header row: one line per record, list fields joined with `;`, an "
    "expanded relation as the `;`-joined ids of its records, no value as an empty cell",
    "ndjson": "NDJSON: one JSON object per line, each a record as the JSON list gives it",
}


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def export_example(resource: Resource, fmt: str) -> str:
    """The contract's example record, as the export spells it."""
    record = EXAMPLES[resource.name]
    row = {name: record.get(name) for name in resource.field_names}
    if fmt == "ndjson":
        return orjson.dumps(row).decode() + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(row)
    writer.writerow([_cell(v) for v in row.values()])
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def export_op(resource: Resource, fmt: str) -> dict[str, Any]:
    grouped = (
        f" With `group_by`, the groups instead (the fields grouped on, `count` and the "
        f"{resource.group_lists}s)."
        if resource.groupable
        else ""
    )
    headers: dict[str, Any] = {"Cache-Control": {"schema": {"type": "string"}}}
    if fmt == "csv":
        headers["Content-Disposition"] = {
            "schema": {"type": "string"},
            "description": f'attachment; filename="{resource.name}.csv"',
        }
    return {
        "operationId": f"export{_pascal(resource.name)}{fmt.capitalize()}",
        "summary": f"Export {resource.name} as {fmt.upper()}",
        "tags": [resource.name],
        "description": f"Every {resource.singular} the filters match, in the list's order, streamed "
        f"as {_WHAT[fmt]}. The parameters are those of the JSON list (`GET /v1/{resource.name}`) "
        "but `format`: `limit` caps the rows (every row by default) and `cursor` starts after a "
        "page of the JSON list. The path names the format; `Accept` is not consulted." + grouped,
        "security": [],
        "parameters": list_parameters(resource, None),
        "responses": {
            "200": {
                "description": f"The {resource.name}, as {fmt.upper()}.",
                "headers": headers,
                "content": {
                    EXPORT_MEDIA[fmt]: {
                        "schema": {"type": "string"},
                        "example": export_example(resource, fmt),
                    }
                },
            },
            "400": {"$ref": "#/components/responses/400"},
        },
    }
