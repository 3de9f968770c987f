"""History, ``as_recorded`` and the live record never disagree, whoever writes (issue 16).

A property over random sequences (a seeded generator, three sequences) of what writes
to a curated store: seed loads (the files as shipped, the files as a curator changed
them, with and without ``--overwrite``; a load that would revert a write is refused and
is part of the sequence too), imports of the UN Digital Library's voting data (two
versions of a file) and API writes (patches, a create, deletes). After every step the
state of each tracked record is taken from the store; at the end, for every such moment
t, ``GET ...?as_recorded=t`` must answer exactly that state (404 when the record did not
exist). On SQLite, and on PostgreSQL with PEACEOPS_TEST_POSTGRES.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest

from api.curation.documents import document_of, readable
from api.curation.importers.undl import import_voting_file
from api.curation.recorded import SeedConflicts
from api.curation.seed import load_seed
from api.errors import NotFound
from api.query import Store
from tests.curation.curated import Curated, curated, edit_record
from tests.curation.test_undl_import import resolutions, rows, write
from tests.curation.test_writes import EVENT

__all__ = ["curated"]  # the fixture, used by name

Key = tuple[str, str]
SEEDED_EVENT = "2004-06-01-minustah-takes-over-from-mif"
TRACKED: list[Key] = [
    ("missions", "mss-haiti"),
    ("missions", "binuh"),
    ("events", SEEDED_EVENT),
    ("resolutions", "s-res-2699-2023"),
    ("resolutions", "s-res-2742-2024"),
    ("resolutions", "s-res-11-1946"),
]


class Sequence:
    """One random sequence of writes on one curated store, and the states it went through."""

    def __init__(self, c: Curated, rng: random.Random, tmp_path: Path) -> None:
        self.c, self.rng = c, rng
        self.shipped = c.folder
        self.changed = tmp_path / "seed-changed"
        shutil.copytree(c.folder, self.changed)
        edit_record(self.changed, "missions.yaml", "mss-haiti", summary="The files' newer summary.")
        edit_record(self.changed, "events.yaml", SEEDED_EVENT, title="MINUSTAH takes over (files' title)")
        first = resolutions()
        second = resolutions()
        second[2].agenda = "The situation in the Middle East (a later file's wording)."
        self.files = [
            write(tmp_path / "2025_7_21_sc_voting.csv", rows(first)),
            write(tmp_path / "2025_9_1_sc_voting.csv", rows(second)),
        ]
        self.tracked = list(TRACKED)
        self.created: list[str] = []
        self.moments: list[tuple[dt.datetime, dict[Key, Any]]] = []
        self.steps: list[str] = []

    # -- the writes ----------------------------------------------------------------------

    def seed(self) -> None:
        folder = self.rng.choice([self.shipped, self.changed])
        overwrite = self.rng.random() < 0.4
        try:
            load_seed(self.c.engine, folder, overwrite=overwrite)
            self.steps.append(f"seed {folder.name}{' --overwrite' if overwrite else ''}")
        except SeedConflicts:
            self.steps.append(f"seed {folder.name}: refused")

    def import_file(self) -> None:
        file = self.rng.choice(self.files)
        import_voting_file(self.c.engine, file)
        self.steps.append(f"import {file.name}")

    def patch(self) -> None:
        resource, record_id, field = self.rng.choice(
            [
                ("missions", "mss-haiti", "summary"),
                ("missions", "binuh", "summary"),
                ("events", SEEDED_EVENT, "title"),
            ]
        )
        if self.c.client.get(f"/v1/{resource}/{record_id}").status_code == 404:
            return self.create()
        value = f"Edited through the API ({self.rng.randrange(10**6)})."
        response = self.c.patch(resource, record_id, {field: value})
        self._same_request(resource, record_id, response)
        self.steps.append(f"patch {resource}/{record_id}")
        return None

    def create(self) -> None:
        body = {**EVENT, "title": f"A statement recorded through the API ({self.rng.randrange(10**6)})"}
        response = self.c.client.post("/v1/events", json=body, headers=self.c.curate)
        assert response.status_code == 201, response.text
        record_id = response.json()["id"]
        self.created.append(record_id)
        self.tracked.append(("events", record_id))
        self._same_request("events", record_id, response)
        self.steps.append(f"create events/{record_id}")

    def delete(self) -> None:
        candidates = [SEEDED_EVENT, *self.created]
        record_id = self.rng.choice(candidates)
        live = self.c.client.get(f"/v1/events/{record_id}")
        if live.status_code == 404:
            return self.patch()
        headers = {**self.c.curate, "If-Match": f'"v{live.json()["version"]}"'}
        response = self.c.client.delete(f"/v1/events/{record_id}", headers=headers)
        assert response.status_code == 204, response.text
        self._same_request("events", record_id, response)
        self.steps.append(f"delete events/{record_id}")
        return None

    def _same_request(self, resource: str, record_id: str, response: Any) -> None:
        """The revision carries the request id the response carries."""
        last = self.c.history(resource, record_id)[-1]
        assert last["actor"] == "api" and last["request_id"] == response.headers["x-request-id"]

    # -- the states --------------------------------------------------------------------

    def observe(self) -> None:
        """The state of every tracked record now, as the store holds it."""
        store = Store(self.c.engine)
        state: dict[Key, Any] = {}
        for resource, record_id in self.tracked:
            try:
                doc = document_of(store, resource, record_id)
            except NotFound:
                state[resource, record_id] = None
                continue
            version = store.get(resource, (record_id,))["version"]
            state[resource, record_id] = orjson.loads(
                orjson.dumps(readable(resource, {**doc, "version": version}))
            )
        self.moments.append((dt.datetime.now(dt.UTC), state))

    def run(self, steps: int) -> None:
        self.observe()
        actions = [
            self.seed,
            self.seed,
            self.import_file,
            self.import_file,
            self.patch,
            self.patch,
            self.create,
            self.delete,
        ]
        for _ in range(steps):
            self.rng.choice(actions)()
            self.observe()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_as_recorded_at_every_moment_is_the_state_the_store_had(
    curated: Curated, tmp_path: Path, seed: int
) -> None:
    sequence = Sequence(curated, random.Random(seed), tmp_path)
    sequence.run(steps=12)
    checked = 0
    for moment, state in sequence.moments:
        for resource, record_id in sequence.tracked:
            expected = state.get((resource, record_id))  # absent: created later
            response = curated.client.get(
                f"/v1/{resource}/{record_id}", params={"as_recorded": moment.isoformat()}
            )
            where = f"{resource}/{record_id} at {moment.isoformat()} after {sequence.steps}"
            if expected is None:
                assert response.status_code == 404, where
            else:
                assert response.status_code == 200, f"{where}: {response.text}"
                assert response.json() == expected, where
            checked += 1
    # every record's history ends in the live record (or in its tombstone, or is none at all)
    for resource, record_id in sequence.tracked:
        live = curated.client.get(f"/v1/{resource}/{record_id}")
        found = curated.client.get(f"/v1/{resource}/{record_id}/history", params={"limit": 100})
        history = found.json()["data"] if found.status_code == 200 else []
        if live.status_code == 404:
            assert not history or history[-1]["action"] == "delete", f"{resource}/{record_id}"
        else:
            assert history[-1]["version"] == live.json()["version"], f"{resource}/{record_id}"
    assert checked >= len(TRACKED) * 13
