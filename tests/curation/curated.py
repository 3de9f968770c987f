"""A curated store to write to in every way a curator does: a fresh migrated database
seeded from a copy of the seed folder (which the test may edit as a curator edits the
files), the app on it with a curate key, and the ``peaceops`` command on it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.curation.keys import create_key
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models.enums import KeyScope
from api.settings import Settings

SEED = Path(__file__).resolve().parents[2] / "seed"


@dataclass
class Curated:
    url: str
    engine: Engine
    folder: Path  # the seed files, a copy the test may edit
    client: TestClient
    curate: dict[str, str]  # the Authorization header of a curate key
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def peaceops(self, *argv: str) -> tuple[int, str, str]:
        """Run the command on this database: exit code, stdout, stderr."""
        self.monkeypatch.setenv("PEACEOPS_DATABASE_URL", self.url)
        self.capsys.readouterr()
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def patch(self, resource: str, record_id: str, body: dict[str, Any], **headers: str) -> Any:
        version = self.client.get(f"/v1/{resource}/{record_id}").json()["version"]
        response = self.client.patch(
            f"/v1/{resource}/{record_id}",
            json=body,
            headers={**self.curate, "If-Match": f'"v{version}"', **headers},
        )
        assert response.status_code == 200, response.text
        return response

    def history(self, resource: str, record_id: str) -> list[dict[str, Any]]:
        response = self.client.get(f"/v1/{resource}/{record_id}/history", params={"limit": 100})
        assert response.status_code == 200, response.text
        return list(response.json()["data"])

    def revision_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM revision")).scalar_one())


@pytest.fixture
def curated(
    make_database: Callable[[], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Curated]:
    url = make_database()
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    engine = create_engine(Settings(database_url=url))
    upgrade(engine)
    load_seed(engine, folder)
    # The seed loads and imports here run in this process but beside the app, as the command
    # does: without the response cache, each read sees them at once (the cache's bound of a
    # second for writes from another process is tests/service/test_response_cache.py's).
    app = create_app(Settings(database_url=url, seed_dir=folder, rate_limit=0, cache_mb=0))
    key = create_key(app.state.engine, name="curator", scope=KeyScope.curate)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Curated(url, engine, folder, client, {"Authorization": f"Bearer {key}"}, monkeypatch, capsys)
    app.state.engine.dispose()
    engine.dispose()


def edit_record(folder: Path, file: str, record_id: str, **changes: Any) -> None:
    """Change fields of one record in a seed file, as a curator does in an editor."""
    path = folder / file
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [r for r in records if r.get("id") == record_id]
    assert found, f"{record_id} is not in {file}"
    found[0].update(changes)
    path.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def merge_dumped(folder: Path, dumped: Path) -> list[str]:
    """Put each dumped record in place of the record with its id in the same seed file,
    as a curator merges them; returns the files merged."""
    merged = []
    for source in sorted(dumped.rglob("*.yaml")):
        label = source.relative_to(dumped).as_posix()
        target = folder / label
        incoming = {r["id"]: r for r in yaml.safe_load(source.read_text(encoding="utf-8"))}
        records = yaml.safe_load(target.read_text(encoding="utf-8"))
        records = [incoming.pop(r["id"], r) for r in records]
        assert not incoming, f"dumped records not in {label}: {sorted(incoming)}"
        text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100)
        target.write_text(text, encoding="utf-8")
        merged.append(label)
    return merged
