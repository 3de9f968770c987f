"""Schemathesis over the GraphQL mutations, with a curate key, on a database of their own:
every response is well-formed and no mutation makes the server fail. Refusals of
schema-valid input that the schema cannot describe (a reference to a record that does
not exist, a stale version) are client errors, BAD_USER_INPUT, by design; the
positive-data check is excluded for that reason, as in tests/graphql. The inputs are
the typed ones (``MissionCreateInput``...): Schemathesis generates them from the schema
alone, no strategy of ours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from starlette.applications import Starlette

SDL = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


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
