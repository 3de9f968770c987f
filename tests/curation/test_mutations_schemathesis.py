"""Schemathesis over the GraphQL mutations, with a curate key, on a database of their own:
every response is well-formed and no mutation makes the server fail. Refusals of
schema-valid input that the schema cannot describe (a reference to a record that does
not exist, a stale version) are client errors, BAD_USER_INPUT, by design; the
positive-data check is excluded for that reason, as in tests/graphql."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import graphql
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance
from starlette.applications import Starlette

SDL = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"

_TEXT = st.text(min_size=1, max_size=12)
_JSON = st.fixed_dictionaries(
    {},
    optional={
        "name": _TEXT,
        "title": _TEXT,
        "summary": _TEXT,
        "kind": st.sampled_from(["state", "press"]),
        "sources": st.lists(st.sampled_from(["un-press-sc-15432", "nowhere"]), max_size=2),
    },
)


def _ast(value: Any) -> graphql.ValueNode:
    """A JSON value as a GraphQL literal."""
    if isinstance(value, dict):
        return graphql.ObjectValueNode(
            fields=tuple(
                graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=_ast(v))
                for k, v in value.items()
            )
        )
    if isinstance(value, list):
        return graphql.ListValueNode(values=tuple(_ast(v) for v in value))
    if isinstance(value, bool):
        return graphql.BooleanValueNode(value=value)
    if isinstance(value, float):
        return graphql.FloatValueNode(value=repr(value))
    if value is None:
        return graphql.NullValueNode()
    return graphql.StringValueNode(value=str(value))


schemathesis.graphql.scalar("JSON", _JSON.map(_ast))


@pytest.fixture(scope="module")
def mutation_schema(writable_app: Starlette) -> Any:
    schema = schemathesis.graphql.from_path(SDL)
    schema.app = writable_app
    schema.config.update(base_url="http://testserver/graphql")
    return schema


schema = schemathesis.pytest.from_fixture("mutation_schema").include(name_regex=r"^Mutation\.")


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_mutations_are_well_formed(case: Any, curate: dict[str, str]) -> None:
    case.call_and_validate(headers=curate, excluded_checks=[positive_data_acceptance])
