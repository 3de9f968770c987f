"""Schemathesis over the committed GraphQL contract, against the app in-process.

Every response must be a well-formed GraphQL response with no server error (no
unmasked or masked resolver failure, no null in a non-null field). The
``positive_data_acceptance`` check is excluded here, on purpose: the schema cannot say
that ``after`` must be a cursor this server issued, that filter text must not be empty,
or that the query cost limit refuses some schema-valid nestings; those refusals are
client errors by design, each pinned by a test in test_graphql_limits.py and
test_graphql_answers.py. The seed and example budget are fixed to keep this well under
a minute.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from starlette.applications import Starlette

SDL = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


@pytest.fixture(scope="session")
def graphql_schema(app: Starlette) -> Any:
    schema = schemathesis.graphql.from_path(SDL)
    schema.app = app
    schema.config.update(base_url="http://testserver/graphql")
    return schema


# The queries run here, on the read-only app; the mutations run with a curate key in
# tests/curation/test_mutations_schemathesis.py, and both against `peaceops serve` from
# outside in tests/graphql/test_graphql_outside.py.
schema = schemathesis.pytest.from_fixture("graphql_schema").include(name_regex=r"^Query\.")


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_graphql_responses_are_well_formed(case: Any) -> None:
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
