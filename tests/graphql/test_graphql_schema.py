"""The committed contract and the shape of the generated schema."""

from __future__ import annotations

from pathlib import Path

from api.graphql.inputs import filter_input
from api.graphql.schema import schema, schema_sdl
from api.query import RESOURCES
from api.query.fields import SpecialFilter

SDL = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def test_committed_sdl_matches_the_code() -> None:
    assert SDL.read_text() == schema_sdl(), (
        "schema/schema.graphql drifted from the code: regenerate it with `peaceops schema`"
    )


def test_every_resource_has_a_list_and_every_keyed_one_a_get() -> None:
    query = schema._schema.query_type
    assert query is not None
    for name, resource in RESOURCES.items():
        assert name in query.fields
        assert (resource.singular in query.fields) == (resource.key == ("id",))


def test_every_filter_of_the_declarations_is_in_the_inputs() -> None:
    for name, resource in RESOURCES.items():
        fields = filter_input(name).__strawberry_definition__.fields
        by_name = {f.python_name: f for f in fields}
        assert set(by_name) == set(resource.filterable), name
        for decl in resource.filterable.values():
            if isinstance(decl, SpecialFilter):
                continue
            op_type = by_name[decl.name].type.of_type  # Optional[...]
            ops = {f.graphql_name or f.python_name for f in op_type.__strawberry_definition__.fields}
            assert ops == set(decl.operators), (name, decl.name)


def test_every_record_field_is_exposed_camel_cased() -> None:
    for name, resource in RESOURCES.items():
        gql_type = schema._schema.get_type(resource.singular.title())
        fields = gql_type.fields  # type: ignore[union-attr]
        for decl in resource.fields:
            camel = decl.name.split("_")[0] + "".join(p.title() for p in decl.name.split("_")[1:])
            if decl.references is not None and decl.name != "id":
                assert camel in fields, (name, camel)
                assert any(
                    f.endswith("Ids") or f == camel + "Id"
                    for f in fields
                    if f.startswith(camel.removesuffix("s"))
                ), (name, camel)
            else:
                assert camel in fields, (name, camel)


def test_enums_are_upper_case_and_dates_are_dates() -> None:
    sdl = schema_sdl()
    assert "enum MandateAction {\n  ESTABLISH\n  EXTEND" in sdl
    assert "adoptedOn: Date!" in sdl
    assert "at most 500" in sdl
