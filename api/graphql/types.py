"""Object types and connections, generated from the resource declarations.

Each record type carries every field of its REST record, camel-cased. A ``ref`` field
(``FieldDecl.references``) becomes two fields: the record itself under the field's name
(``mission.lead: Contributor``) and the raw id with an ``Id`` suffix (``leadId``), so a
client that only needs the id costs no lookup; a list of ids (``penholders``) likewise
gives ``penholders: [Contributor!]!`` and ``penholderIds``. Records that cite sources
have ``sources``; mandates have ``votes`` and events ``actors``; a parent lists its
children as connections with the same arguments as the root lists (``RELATIONS`` of
``api.query.resources``, where the parent has no expansion of that name).

Rows stay the Store's dicts of wire values: plain fields are read by the schema's
default resolver, relations by resolvers that go through the request's DataLoaders.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Annotated, Any

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from api.curation.documents import WRITABLE
from api.graphql.context import Context, Row
from api.graphql.history import history_field
from api.graphql.inputs import camel, filter_input, order_input, to_conditions, to_sort
from api.graphql.mutations import mutation_type
from api.graphql.page_info import PageInfo
from api.graphql.research import add_mission_fields, add_source_fields, research_types, root_fields
from api.graphql.scalars import Date, Quantity, graphql_enum
from api.models import EventActor
from api.models import enums as E
from api.query.batch import parent_query
from api.query.fields import FieldDecl, FieldType
from api.query.hints import filter_warnings
from api.query.resources import RELATIONS, RESOURCES, Resource
from api.query.spec import DEFAULT_LIMIT, MAX_LIMIT, ListQuery
from api.query.store import Store

__all__ = ["MAX_FIRST", "OBJECT_TYPES", "ConnectionData", "Mutation", "Query"]

MAX_FIRST = MAX_LIMIT

_SCALARS: dict[FieldType, Any] = {
    FieldType.string: str,
    FieldType.ref: strawberry.ID,
    FieldType.date: Date,
    FieldType.integer: int,
    FieldType.number: Quantity,
    FieldType.boolean: bool,
    FieldType.strings: list[strawberry.ID],
    FieldType.timestamp: str,
}

_actor = EventActor.__table__  # type: ignore[attr-defined]
_ACTOR_FIELDS = (
    FieldDecl(
        name="contributor",
        column=_actor.c.contributor,
        type=FieldType.ref,
        references="contributors",
        description="The contributor that acted.",
    ),
    FieldDecl(name="role", column=_actor.c.role, type=FieldType.enum, enum=E.ActorRole),
    FieldDecl(name="stance", column=_actor.c.stance, type=FieldType.enum, enum=E.Stance),
)


def _type_name(resource: Resource) -> str:
    return resource.singular.title()


# -- connections -------------------------------------------------------------------


@dataclass(slots=True)
class ConnectionData:
    """One page as a connection resolves it: the rows, and what its cursors need."""

    rows: list[Row]
    next_cursor: str | None
    count: int | None
    query: ListQuery
    resource: Resource
    has_next: bool


def _edges(root: ConnectionData, info: strawberry.Info[Context, None]) -> list[Row]:
    if not root.rows:
        return []
    access = info.context.access
    return [{"cursor": access.row_cursor(root.query, row), "node": row} for row in root.rows]


def _nodes(root: ConnectionData) -> list[Row]:
    return root.rows


def _page_info(root: ConnectionData) -> PageInfo:
    return PageInfo(has_next_page=root.has_next, end_cursor=root.next_cursor)


async def _total_count(root: ConnectionData, info: strawberry.Info[Context, None]) -> int:
    if root.count is not None:
        return root.count
    page = await info.context.access.query(Store.list, replace(root.query, cursor=None, limit=1))
    return page.count or 0


def _connection_types(resource: Resource, node: type) -> tuple[type, type]:
    name = _type_name(resource)
    edge = type(
        f"{name}Edge",
        (),
        {
            "__annotations__": {"cursor": str, "node": node},
            "cursor": strawberry.field(description="This row's position, for `after`."),
        },
    )
    edge = strawberry.type(
        edge, name=f"{name}Edge", description=f"One {resource.singular} in a page, with its cursor."
    )
    connection = type(
        f"{name}Connection",
        (),
        {
            "edges": strawberry.field(resolver=_edges, graphql_type=list[edge]),  # type: ignore[valid-type]
            "nodes": strawberry.field(resolver=_nodes, graphql_type=list[node]),  # type: ignore[valid-type]
            "page_info": strawberry.field(resolver=_page_info),
            "total_count": strawberry.field(
                resolver=_total_count, description="How many rows match the filters (over all pages)."
            ),
        },
    )
    connection = strawberry.type(
        connection, name=f"{name}Connection", description=f"A page of {resource.name} (Relay connection)."
    )
    return edge, connection


def _selects(selections: list[Any], name: str) -> bool:
    """Whether ``name`` is selected here, directly or through fragments."""
    return any(field.name == name for field in _selected_in(selections))


def _wants_count(info: strawberry.Info[Context, None]) -> bool:
    return any(_selects(f.selections, "totalCount") for f in info.selected_fields)


def _limit(first: int) -> int:
    """``first`` clamped to 0..MAX_FIRST (0 asks only whether rows exist)."""
    return max(0, min(first, MAX_FIRST))


def _list_query(resource: Resource, kwargs: dict[str, Any]) -> tuple[ListQuery, int]:
    first = _limit(kwargs.get("first", DEFAULT_LIMIT))
    query = ListQuery(
        resource=resource.name,
        conditions=to_conditions(resource, kwargs.get("filter")),
        sort=to_sort(kwargs.get("order_by")),
        limit=max(first, 1),
        cursor=kwargs.get("after"),
        q=kwargs.get("q"),
        as_of=kwargs.get("as_of"),
    )
    return query, first


def _prefetch(info: strawberry.Info[Context, None], resource: Resource) -> tuple[str, ...]:
    """The child rows (``actors``, ``sources``, ``votes``) the page's nodes select: read
    with the page, in the same call (``Store.list``'s expansions), instead of one awaited
    loader call per node."""
    wanted: list[str] = []
    for field in info.selected_fields:
        for node in _node_selections(field.selections):
            if node.name in resource.expansions and node.name not in wanted:
                wanted.append(node.name)
    return tuple(wanted)


def _node_selections(selections: list[Any]) -> Iterator[Any]:
    """The fields selected on a connection's nodes (``nodes`` or ``edges { node }``),
    through fragments."""
    for selection in _selected_in(selections):
        if selection.name == "nodes":
            yield from _selected_in(selection.selections)
        elif selection.name == "edges":
            for edge in _selected_in(selection.selections):
                if edge.name == "node":
                    yield from _selected_in(edge.selections)


def _selected_in(selections: list[Any]) -> Iterator[SelectedField]:
    """The fields of a selection set, through fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _selected_in(selection.selections)


def _connection(
    resource: Resource,
    query: ListQuery,
    first: int,
    rows: list[Row],
    next_cursor: str | None,
    count: int | None,
) -> ConnectionData:
    if first == 0:
        return ConnectionData([], None, count, query, resource, has_next=bool(rows))
    return ConnectionData(rows, next_cursor, count, query, resource, has_next=next_cursor is not None)


def _default_order(resource: Resource) -> str:
    keys = [f"{k.field.upper()} {'DESC' if k.descending else 'ASC'}" for k in resource.default_sort]
    return ", then ".join([*keys, "the key"])


def _list_params(resource: Resource) -> list[inspect.Parameter]:
    def arg(name: str, annotation: Any, default: Any, description: str) -> inspect.Parameter:
        return inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=default,
            annotation=Annotated[annotation, strawberry.argument(description=description)],
        )

    params = [
        arg("filter", filter_input(resource.name) | None, None, "Only rows matching all these filters."),
        arg(
            "order_by",
            list[order_input(resource.name)] | None,  # type: ignore[misc]
            None,
            "Sort keys, in order; by default " + _default_order(resource) + ".",
        ),
        arg(
            "first",
            int,
            DEFAULT_LIMIT,
            f"Page size: {DEFAULT_LIMIT} by default, at most {MAX_FIRST}; larger values are "
            f"clamped to {MAX_FIRST}, negative ones to 0.",
        ),
        arg("after", str | None, None, "The `endCursor` of the previous page."),
    ]
    if resource.searchable:
        params.append(arg("q", str | None, None, "Full-text search: rows matching every word."))
    if resource.as_of is not None:
        params.append(
            arg(
                "as_of",
                Date | None,
                None,
                f"The world as known on that day: rows whose {camel(resource.as_of)} "
                "is on or before it (or unknown).",
            )
        )
    return params


def _root_list_field(resource: Resource, connection: type) -> Any:
    async def resolve(info: strawberry.Info[Context, None], **kwargs: Any) -> ConnectionData:
        query, first = _list_query(resource, kwargs)
        access = info.context.access
        if expand := _prefetch(info, resource):
            query = replace(query, expand=expand)
        page = await access.query_as(
            access.fingerprint(query), Store.list, query, with_count=_wants_count(info)
        )
        info.context.warn(await access.query(filter_warnings, query))
        return _connection(resource, query, first, page.rows, page.next_cursor, page.count)

    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info),
            *_list_params(resource),
        ],
        return_annotation=connection,
    )
    resolve.__name__ = resource.name
    return strawberry.field(resolver=resolve, description=resource.description)


def _child_list_field(child: Resource, parent_field: str, connection: type, parent: str) -> Any:
    async def resolve(root: Row, info: strawberry.Info[Context, None], **kwargs: Any) -> ConnectionData:
        template, first = _list_query(child, kwargs)
        loader = info.context.pages(template, parent_field, _wants_count(info))
        page = await loader.load(root["id"])
        if template.conditions:
            info.context.warn(await info.context.access.query(filter_warnings, template))
        query = parent_query(template, parent_field, root["id"])
        return _connection(child, query, first, page.rows, page.next_cursor, page.count)

    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info),
            *_list_params(child),
        ],
        return_annotation=connection,
    )
    resolve.__name__ = child.name
    return strawberry.field(resolver=resolve, description=f"The {child.name} of this {parent}.")


# -- records -----------------------------------------------------------------------


def _plain_type(decl: FieldDecl) -> Any:
    if decl.type is FieldType.strings and decl.references is None:  # free terms, not ids
        return list[str]
    base = graphql_enum(decl.enum) if decl.enum is not None else _SCALARS[decl.type]
    return base | None if decl.nullable else base


def _record_field(name: str, target: str, nullable: bool) -> Any:
    async def resolve(root: Row, info: strawberry.Info[Context, None]) -> Row | None:
        value = root[name]
        if value is None:
            return None
        return await info.context.record(target).load(value)

    node = _NODES[target]
    return strawberry.field(
        resolver=resolve, name=camel(name), graphql_type=node | None if nullable else node
    )


def _records_field(name: str, target: str) -> Any:
    async def resolve(root: Row, info: strawberry.Info[Context, None]) -> list[Row]:
        found = await info.context.record(target).load_many(root[name] or [])
        return [row for row in found if row is not None]

    node: Any = _NODES[target]
    return strawberry.field(resolver=resolve, name=camel(name), graphql_type=list[node])


def _children_field(relation: str, resource: str, node: Any, description: str) -> Any:
    def resolve(root: Row, info: strawberry.Info[Context, None]) -> list[Row]:
        # A root list reads the children its nodes ask for with the page (``_prefetch``):
        # then they are in the row, and nothing is awaited. Otherwise, a loader's future
        # (graphql-core awaits it).
        found = root.get(relation)
        if found is not None:
            return found  # type: ignore[no-any-return]
        loading: Any = info.context.children(relation, resource).load(root["id"])
        return loading  # type: ignore[no-any-return]

    return strawberry.field(resolver=resolve, name=relation, graphql_type=list[node], description=description)


def _add_fields(cls: type, fields: tuple[FieldDecl, ...]) -> None:
    # The class's own annotation dict, extended in place before strawberry.type reads it.
    annotations: dict[str, Any] = cls.__dict__["__annotations__"]  # noqa: RUF063
    for decl in fields:
        description = decl.description or None
        if decl.references is not None and decl.type is FieldType.ref:
            annotations[decl.name] = _plain_type(decl)
            setattr(
                cls,
                decl.name,
                strawberry.field(
                    name=camel(decl.name) + "Id", description=f"The id of `{camel(decl.name)}`."
                ),
            )
            setattr(cls, f"{decl.name}_record", _record_field(decl.name, decl.references, decl.nullable))
        elif decl.references is not None and decl.type is FieldType.strings:
            annotations[decl.name] = _plain_type(decl)
            setattr(
                cls,
                decl.name,
                strawberry.field(
                    name=camel(decl.name).removesuffix("s") + "Ids",
                    description=f"The ids of `{camel(decl.name)}`.",
                ),
            )
            setattr(cls, f"{decl.name}_records", _records_field(decl.name, decl.references))
        else:
            annotations[decl.name] = _plain_type(decl)
            setattr(cls, decl.name, strawberry.field(description=description))


def _bare(name: str, description: str) -> type:
    return type(name, (), {"__annotations__": {}, "__doc__": description})


_NODES: dict[str, type] = {r.name: _bare(_type_name(r), r.description) for r in RESOURCES.values()}
_Actor = _bare("Actor", "A contributor's part in an event: its role and its stance.")
OBJECT_TYPES: dict[str, type] = {}
_CONNECTIONS: dict[str, type] = {}
_RESEARCH: dict[str, Any] = {}  # the research answers' types (api.graphql.research)


def _build() -> None:
    _add_fields(_Actor, _ACTOR_FIELDS)
    for name, resource in RESOURCES.items():
        _add_fields(_NODES[name], resource.fields)
    for name, resource in RESOURCES.items():
        _CONNECTIONS[name] = _connection_types(resource, _NODES[name])[1]
    for name, resource in RESOURCES.items():
        cls = _NODES[name]
        if "sources" in resource.expansions:
            cls.sources = _children_field(  # type: ignore[attr-defined]
                "sources", name, _NODES["sources"], "The sources this record cites, in order."
            )
        if "votes" in resource.expansions:
            cls.votes = _children_field(  # type: ignore[attr-defined]
                "votes", name, _NODES["votes"], "How each Council member voted."
            )
        if "actors" in resource.expansions:
            cls.actors = _children_field(  # type: ignore[attr-defined]
                "actors", name, _Actor, "The contributors that acted, with role and stance."
            )
    for name in WRITABLE:
        _NODES[name].history = history_field(name)  # type: ignore[attr-defined]
    for relation in RELATIONS:
        if relation.child in RESOURCES[relation.parent].expansions:
            continue  # the plain list of the expansion (mandate.votes) serves them
        setattr(
            _NODES[relation.parent],
            relation.child,
            _child_list_field(
                RESOURCES[relation.child],
                relation.field,
                _CONNECTIONS[relation.child],
                RESOURCES[relation.parent].singular,
            ),
        )
    _RESEARCH.update(research_types(_NODES))
    add_mission_fields(_NODES["missions"], _RESEARCH)
    add_source_fields(_NODES["sources"])
    strawberry.type(_Actor, name="Actor", description=_Actor.__doc__)
    for name, resource in RESOURCES.items():
        OBJECT_TYPES[name] = strawberry.type(
            _NODES[name], name=_type_name(resource), description=resource.description
        )


_build()


def _get_field(resource: Resource) -> Any:
    async def resolve(info: strawberry.Info[Context, None], id: strawberry.ID) -> Row | None:
        return await info.context.record(resource.name).load(str(id))

    resolve.__name__ = resource.singular
    return strawberry.field(
        resolver=resolve,
        graphql_type=_NODES[resource.name] | None,
        description=f"One {resource.singular} by id; null when there is none.",
    )


def _query_type() -> type:
    namespace: dict[str, Any] = {
        "__doc__": "peaceops: missions, mandates, votes, "
        "contributors, observations, events and their sources."
    }
    for name, resource in RESOURCES.items():
        if resource.key == ("id",):
            namespace[resource.singular] = _get_field(resource)
        namespace[name] = _root_list_field(resource, _CONNECTIONS[name])
    namespace.update(root_fields(_RESEARCH))
    return strawberry.type(type("Query", (), namespace), name="Query")


Query = _query_type()
Mutation = mutation_type({name: OBJECT_TYPES[name] for name in WRITABLE})
