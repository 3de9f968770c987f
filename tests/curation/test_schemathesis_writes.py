"""Schemathesis over the write operations, with a curate key, on a database of their own:
every check on (ignored_auth included: the same request without the key must get 401),
and the stateful phase over the links from create to get, update, delete and history, each
of its scenarios on the freshly seeded database (tests/curation/snapshot.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import use_after_free
from starlette.applications import Starlette

from api.app import create_app
from api.curation.keys import create_key
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models.enums import KeyScope
from api.research.dataset_version import compute_dataset_version, read_dataset_version
from api.settings import Settings
from tests.curation.snapshot import DatabaseSnapshot

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seed"

# The stateful phase's budget: scenarios, each from the seeded database, of up to 20 API
# calls: about 1,500 calls, 15 to 45 s per engine on two cores. The scenarios are the same
# on every run, as in the other Hypothesis tests here; PEACEOPS_TEST_STATEFUL_RANDOM=1
# draws new ones (Hypothesis prints how to reproduce a failure).
STATEFUL_EXAMPLES = 100
STATEFUL_STEPS = 20


@pytest.fixture(scope="module")
def write_schema(writable_app: Starlette) -> Any:
    schema = schemathesis.openapi.from_path(ROOT / "openapi" / "openapi.json")
    schema.app = writable_app
    return schema


schema = schemathesis.pytest.from_fixture("write_schema").include(method=["POST", "PATCH", "DELETE"])


@schema.parametrize()
def test_writes_conform(case: Any, curate: dict[str, str]) -> None:
    case.call_and_validate(headers=dict(curate))  # Schemathesis adds to the dict it is given


class ResettableApp:
    """The app on a seeded database of its own, with a curate key, that ``reset()`` puts
    back to exactly that state: data, revisions, idempotency records, counters."""

    def __init__(self, app: Starlette, snapshot: DatabaseSnapshot, key: str) -> None:
        self.app, self.snapshot = app, snapshot
        self.headers = {"Authorization": f"Bearer {key}"}

    def dataset_versions(self) -> tuple[str | None, str]:
        """The stored dataset version, and the one the data has."""
        with self.app.state.engine.connect() as conn:
            return read_dataset_version(conn), compute_dataset_version(conn)

    def reset(self) -> None:
        self.snapshot.restore(self.app.state.engine)
        # The Store keeps the dataset version (for a second) and counts per version; the
        # restore changes the data under it, as a write does. (The compiled-SQL cache
        # depends on no data.)
        self.app.state.access.forget()


@pytest.fixture(scope="module")
def resettable_app(make_database: Callable[[], str]) -> Iterator[ResettableApp]:
    url = make_database()
    engine = create_engine(Settings(database_url=url))
    upgrade(engine)
    load_seed(engine, SEED)
    key = create_key(engine, name="curator", scope=KeyScope.curate)
    engine.dispose()
    snapshot = DatabaseSnapshot(url)
    snapshot.take()
    app = create_app(Settings(database_url=url, seed_dir=SEED, rate_limit=0))
    yield ResettableApp(app, snapshot, key)
    app.state.engine.dispose()
    snapshot.drop()


def test_stateful_write_flows(resettable_app: ResettableApp) -> None:
    flows_schema = schemathesis.openapi.from_path(ROOT / "openapi" / "openapi.json")
    flows_schema.app = resettable_app.app
    # The write flows and the reads they link to (lists, with their cursors, are covered
    # by tests/rest/test_schemathesis.py).
    flows = flows_schema.include(operation_id_regex="^(create|update|delete|get)[A-Z]")
    base = flows.as_state_machine()
    headers = resettable_app.headers

    class WriteFlows(base):  # type: ignore[misc, valid-type]
        def setup(self) -> None:
            # Every example starts from the seeded database: Hypothesis replays the prefix
            # of an earlier example and must see the same responses, hence the same rules.
            resettable_app.reset()

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": dict(headers)}

        def before_call(self, case: Any) -> None:
            # A record's history pages with an opaque cursor: a generated string is
            # schema-valid but no cursor this server issued (a 400 by design, as in
            # tests/rest/test_schemathesis.py), so generated cursors are left out.
            if case.query and "cursor" in case.query:
                case.query = {k: v for k, v in case.query.items() if k != "cursor"}

        def teardown(self) -> None:
            # Writes move the stored dataset version by their record's rows alone: after
            # the scenario it must still be the version of the data as a whole. (Checked
            # once a scenario, not once a write: a failure is shrunk to its shortest
            # scenario all the same, at a tenth of the cost.)
            stored, computed = resettable_app.dataset_versions()
            assert stored == computed, f"stored dataset version {stored}, the data's {computed}"
            super().teardown()

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            # Every check runs but one: use_after_free assumes that everything under a
            # deleted record's path answers 404, while /v1/{resource}/{id}/history must keep
            # answering after a delete: its tombstone is the record of the deletion. The
            # deleted record itself answering 404 is pinned in tests/curation/test_writes.py.
            case.validate_response(
                response,
                additional_checks=additional_checks,
                excluded_checks=[use_after_free],
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    WriteFlows.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            phases=[Phase.generate, Phase.shrink],
            deadline=None,
            derandomize=not os.environ.get("PEACEOPS_TEST_STATEFUL_RANDOM"),
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
