"""Records as a curator writes them, typed: the inputs of the create and update mutations
(``MissionCreateInput``, ``MissionPatchInput``, ...) and the documents a revision stores
(``MissionDocument``), generated once, at import, from the same declarations as the JSON
Schemas of the REST bodies (``api.curation.bodies.create_schema``: which fields a write
sets, which are required, which accept null) and the resource declarations (each
field's type, enum and reference).

- A create input has the body's required fields non-null; an optional field whose
  record has a default and refuses null is non-null with that default
  (``chapterVii: Boolean! = false``); every other optional field is nullable and absent
  unless given.
- A patch input is a JSON merge patch (RFC 7396): every field is optional and absent
  unless given; ``null`` clears a field (refused, as by REST, where the record needs a
  value); ``votes`` merges choice by choice (a choice's list cannot be null: ``[]``
  empties it); lists replace.
- ``to_body`` turns an input back into the JSON body REST would have received, which then
  goes through the same checks (``check_body``) and the same Curator: the two faces
  accept and refuse exactly the same records, with the same problems.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from enum import Enum
from typing import Any

import strawberry
from pydantic_core import PydanticUndefined

from api.curation.bodies import create_schema
from api.curation.documents import WRITABLE
from api.curation.records import RECORD_SCHEMAS, ActorIn
from api.graphql.scalars import Date, Quantity, graphql_enum
from api.models.enums import VoteChoice
from api.query.fields import FieldType
from api.query.resources import RESOURCES

__all__ = ["create_input", "document", "document_type", "patch_input", "to_body"]

_CHOICES = tuple(choice.value for choice in VoteChoice)
_VOTED = {"yes": "voted yes", "no": "voted no", "abstain": "abstained", "absent": "were absent"}
_ACTORS = "Who acted and how: each contributor with its role and stance."


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _name(resource: str) -> str:
    return RESOURCES[resource].singular.title()


def _value_type(resource: str, name: str, *, output: bool = False) -> Any:
    """The GraphQL type of one value of a written field (never null)."""
    decl = RESOURCES[resource].field(name)
    if decl.enum is not None:
        return graphql_enum(decl.enum)
    if decl.type is FieldType.strings:
        return list[strawberry.ID] if decl.references else list[str]
    return {
        FieldType.string: str,
        FieldType.ref: strawberry.ID,
        FieldType.date: Date,
        FieldType.integer: int,
        FieldType.number: Quantity if output else float,
        FieldType.boolean: bool,
    }[decl.type]


def _nullable(schema: dict[str, Any]) -> bool:
    return any(part.get("type") == "null" for part in schema.get("anyOf", ()))


def _default(resource: str, name: str) -> Any:
    """The record's default for a field as a GraphQL default (an enum as its GraphQL
    member), or UNSET where it has none that GraphQL can state."""
    field = RECORD_SCHEMAS[resource].model_fields[name]
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
    elif field.default is PydanticUndefined or field.default is None:
        return strawberry.UNSET
    else:
        value = field.default
    if isinstance(value, Enum):
        mirror = graphql_enum(type(value))
        return mirror[value.name.upper()]
    return value


def _input(name: str, description: str, fields: list[tuple[str, Any, Any, str]]) -> Any:
    """An input type of ``(python name, annotation, default, description)`` fields;
    ``default`` is ``...`` for a required field."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for attr, annotation, default, doc in fields:
        annotations[attr] = annotation
        kwargs: dict[str, Any] = {"description": doc or None}
        if isinstance(default, list):
            kwargs["default_factory"] = functools.partial(list, default)
        elif default is not ...:
            kwargs["default"] = default
        namespace[attr] = strawberry.field(**kwargs)
    return strawberry.input(type(name, (), namespace), name=name, description=description)


def _actor_fields() -> dict[str, Any]:
    """An event's actor as its record schema declares it: a contributor's id and enums."""
    out: dict[str, Any] = {}
    for name, field in ActorIn.model_fields.items():
        kind = field.annotation
        out[name] = graphql_enum(kind) if isinstance(kind, type) and issubclass(kind, Enum) else strawberry.ID
    return out


@functools.cache
def _votes_input(patch: bool) -> Any:
    if patch:
        fields = [
            (
                c,
                list[strawberry.ID] | None,
                strawberry.UNSET,
                f"The members that {_VOTED[c]}: replaces the list; [] empties it.",
            )
            for c in _CHOICES
        ]
        return _input(
            "VotesPatchInput",
            "A merge patch of a resolution's votes, choice by choice: a choice left out keeps its "
            "members; null is refused, as by REST.",
            fields,
        )
    fields = [(c, list[strawberry.ID], [], f"The members that {_VOTED[c]}.") for c in _CHOICES]
    return _input("VotesInput", "Per-member votes on a resolution, grouped by choice.", fields)


@functools.cache
def _actor_input() -> Any:
    fields = [(name, annotation, ..., "") for name, annotation in _actor_fields().items()]
    return _input("ActorInput", "One actor of an event: a contributor, its role and stance.", fields)


def _children(resource: str, *, patch: bool) -> list[tuple[str, Any, Any, str]]:
    out: list[tuple[str, Any, Any, str]] = []
    said = create_schema(resource)["properties"]
    if "sources" in WRITABLE[resource]:
        sources = list[strawberry.ID]
        doc = said["sources"]["description"] + " At least one."
        out.append(("sources", sources | None if patch else sources, strawberry.UNSET if patch else ..., doc))
    if "votes" in WRITABLE[resource]:
        out.append(("votes", _votes_input(patch) | None, strawberry.UNSET, said["votes"]["description"]))
    if "actors" in WRITABLE[resource]:
        actors: Any = list[_actor_input()]  # type: ignore[misc]
        out.append(("actors", actors | None if patch else actors, strawberry.UNSET if patch else [], _ACTORS))
    return out


@functools.cache
def create_input(resource: str) -> Any:
    """``{Name}CreateInput``: the body of a create (REST's ``{Name}Create``)."""
    schema = create_schema(resource)
    required = set(schema["required"])
    fields: list[tuple[str, Any, Any, str]] = []
    for name, prop in schema["properties"].items():
        if name in WRITABLE[resource]:
            continue
        value = _value_type(resource, name)
        description = RESOURCES[resource].field(name).description
        if name in required:
            fields.append((name, value, ..., description))
            continue
        default = strawberry.UNSET if _nullable(prop) else _default(resource, name)
        if default is strawberry.UNSET:
            fields.append((name, value | None, strawberry.UNSET, description))
        else:
            fields.append((name, value, default, description))
    fields.extend(_children(resource, patch=False))
    singular = RESOURCES[resource].singular
    return _input(
        f"{_name(resource)}CreateInput",
        f"A new {singular}: the same fields and rules as REST's {_name(resource)}Create body; "
        "the server assigns the id.",
        fields,
    )


@functools.cache
def patch_input(resource: str) -> Any:
    """``{Name}PatchInput``: a JSON merge patch (REST's ``{Name}Update``)."""
    fields: list[tuple[str, Any, Any, str]] = []
    for name in create_schema(resource)["properties"]:
        if name in WRITABLE[resource]:
            continue
        value = _value_type(resource, name)
        fields.append((name, value | None, strawberry.UNSET, RESOURCES[resource].field(name).description))
    fields.extend(_children(resource, patch=True))
    return _input(
        f"{_name(resource)}PatchInput",
        f"A JSON merge patch of {_a(RESOURCES[resource].singular)} (REST's {_name(resource)}Update): only "
        "the fields given change, null clears one, at least one field.",
        fields,
    )


def to_body(value: Any) -> Any:
    """An input as the JSON body REST would receive: absent fields left out, enums as
    their wire values, dates in ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_body(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not strawberry.UNSET
        }
    if isinstance(value, list):
        return [to_body(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- documents: a record as a revision stores it ---------------------------------------


def _output(name: str, description: str, fields: dict[str, Any]) -> Any:
    namespace: dict[str, Any] = {"__annotations__": {k: v | None for k, v in fields.items()}}
    return strawberry.type(type(name, (), namespace), name=name, description=description)


@functools.cache
def _votes_document() -> Any:
    return _output(
        "VotesDocument",
        "A resolution's votes as written, grouped by choice.",
        dict.fromkeys(_CHOICES, list[strawberry.ID]),
    )


@functools.cache
def _actor_document() -> Any:
    return _output("ActorDocument", "One actor of an event, as written.", _actor_fields())


@functools.cache
def document_type(resource: str) -> Any:
    """``{Name}Document``: the record as a curator writes it, as its revisions store it."""
    fields: dict[str, Any] = {"id": strawberry.ID}
    for name in create_schema(resource)["properties"]:
        if name not in WRITABLE[resource]:
            fields[name] = _value_type(resource, name, output=True)
    if "sources" in WRITABLE[resource]:
        fields["sources"] = list[strawberry.ID]
    if "votes" in WRITABLE[resource]:
        fields["votes"] = _votes_document()
    if "actors" in WRITABLE[resource]:
        fields["actors"] = list[_actor_document()]  # type: ignore[misc]
    return _output(
        f"{_name(resource)}Document",
        f"{_a(RESOURCES[resource].singular).capitalize()} as written (the seed format): its fields, "
        "the ids of its sources"
        + (", its votes by choice" if "votes" in fields else "")
        + (", its actors" if "actors" in fields else "")
        + ".",
        fields,
    )


def document(resource: str, stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored document with every field of its type present (null where it has none,
    as in a revision written before the field existed)."""
    if stored is None:
        return None
    out: dict[str, Any] = {**dict.fromkeys(document_type(resource).__annotations__), **stored}
    if isinstance(out.get("votes"), dict):
        out["votes"] = {**dict.fromkeys(_CHOICES), **out["votes"]}
    return out
