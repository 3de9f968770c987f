"""Record documents: a record as a curator writes it (the seed format: its fields, the ids
of its sources, a mandate's votes grouped by choice, an event's actors), converted from
and to the rows the Store reads. Revisions store documents; PATCH merges into one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from api.curation.records import RECORD_SCHEMAS
from api.errors import FieldProblem, InvalidRecord
from api.models import RESOLUTION_COPIES
from api.models.enums import VoteChoice
from api.query.store import Store

__all__ = [
    "COPIED",
    "READ_ONLY",
    "WRITABLE",
    "document_of",
    "read_only",
    "read_only_problems",
    "readable",
    "validate_document",
]

# resources that can be written, and the children each one's document carries
WRITABLE: dict[str, tuple[str, ...]] = {
    "sources": (),
    "contributors": ("sources",),
    "missions": ("sources",),
    "resolutions": ("sources", "votes"),
    "mandates": ("sources",),
    "observations": ("sources",),
    "events": ("sources", "actors"),
}
READ_ONLY = ("id", "version", "created_at", "updated_at")
# Fields a record shows but copies from another record, which is where they are written.
COPIED: dict[str, tuple[str, ...]] = {"mandates": RESOLUTION_COPIES}


def read_only(resource: str) -> tuple[str, ...]:
    """The fields of ``resource`` that a write cannot set."""
    return READ_ONLY + COPIED.get(resource, ())


def read_only_problems(resource: str, body: Mapping[str, Any]) -> list[FieldProblem]:
    """A problem for each field of ``body`` that a write cannot set."""
    copied = COPIED.get(resource, ())
    return [
        FieldProblem(k, "is copied from the resolution; write it there" if k in copied else _SERVER_SETS)
        for k in read_only(resource)
        if k in body
    ]


_SERVER_SETS = "is set by the server and cannot be written"


def document_of(
    store: Store, resource: str, record_id: str, *, connection: Connection | None = None
) -> dict[str, Any]:
    """The stored record as a document (raises NotFound), read through ``connection``
    when a write must see its own changes."""
    row = store.get(resource, (record_id,), expand=WRITABLE[resource], connection=connection)
    skipped = {*read_only(resource)[1:], *WRITABLE[resource]}
    doc = {k: v for k, v in row.items() if k not in skipped}
    if "sources" in WRITABLE[resource]:
        doc["sources"] = [s["id"] for s in row["sources"]]
    if "votes" in WRITABLE[resource]:
        doc["votes"] = _grouped_votes(row["votes"])
    if "actors" in WRITABLE[resource]:
        doc["actors"] = [{k: a[k] for k in ("contributor", "role", "stance")} for a in row["actors"]]
    return doc


def readable(resource: str, doc: dict[str, Any]) -> dict[str, Any]:
    """A document in the shape of a read with its relations expanded: ``sources`` as
    records with only their id, votes and actors as lists."""
    out = {k: v for k, v in doc.items() if k not in WRITABLE[resource]}
    if "sources" in WRITABLE[resource]:
        out["sources"] = [{"id": source} for source in doc.get("sources") or []]
    if "votes" in WRITABLE[resource]:
        grouped = doc.get("votes") or {}
        out["votes"] = sorted(
            ({"member": m, "vote": choice} for choice, members in grouped.items() for m in members),
            key=lambda v: v["member"],
        )
    if "actors" in WRITABLE[resource]:
        out["actors"] = list(doc.get("actors") or [])
    return out


def _grouped_votes(votes: list[Mapping[str, Any]]) -> dict[str, list[str]] | None:
    if not votes:
        return None
    grouped: dict[str, list[str]] = {}
    for choice in VoteChoice:
        members = sorted(v["member"] for v in votes if v["vote"] == choice.value)
        if members:
            grouped[choice.value] = members
    return grouped


def validate_document(resource: str, doc: Mapping[str, Any]) -> SQLModel:
    """The document as its validated record schema; 422 naming every bad field."""
    schema = RECORD_SCHEMAS[resource]
    try:
        return schema.model_validate(dict(doc))
    except ValidationError as exc:
        problems = [
            FieldProblem(".".join(str(p) for p in error["loc"]) or "body", error["msg"])
            for error in exc.errors()
        ]
        raise InvalidRecord("; ".join(f"{p.field}: {p.message}" for p in problems), errors=problems) from None
