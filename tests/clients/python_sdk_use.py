"""What a Python user writes with the client that openapi-python-client generates from
openapi/openapi.json, with the generator's defaults (``peaceops_client``): run by
tests/clients/test_python_sdk.py against a real ``peaceops serve``, after mypy --strict
has checked it against the generated package. It prints what it found as JSON.

Usage: python python_sdk_use.py BASE_URL CURATE_KEY
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import pkgutil
import sys
from typing import Any

import peaceops_client
from peaceops_client import AuthenticatedClient, Client
from peaceops_client.api.events import export_events_csv
from peaceops_client.api.missions import get_mission, list_missions, update_mission
from peaceops_client.api.votes import list_mandate_votes
from peaceops_client.models import MissionList, MissionUpdate, Problem, VoteChoice, VoteList
from peaceops_client.types import UNSET


def import_every_module() -> int:
    count = 0
    for module in pkgutil.walk_packages(peaceops_client.__path__, "peaceops_client."):
        importlib.import_module(module.name)
        count += 1
    return count


def main(base_url: str, key: str) -> dict[str, Any]:
    found: dict[str, Any] = {"modules": import_every_module()}
    client = Client(base_url=base_url, raise_on_unexpected_status=True)

    # Missions in Haiti or Cyprus (a two-value filter), read two at a time with the cursor.
    ids: list[str] = []
    cursor: str | None = None
    total = None
    while True:
        page = list_missions.sync(
            client=client, host_country_in=["HTI", "CYP"], limit=2, cursor=cursor if cursor else UNSET
        )
        assert isinstance(page, MissionList), page
        ids += [m.id for m in page.data]
        total = page.meta.count
        cursor = page.meta.next_cursor if isinstance(page.meta.next_cursor, str) else None
        if cursor is None:
            break
    found["missions"] = {"ids": ids, "count": total}

    # How the Council voted on the resolution that authorized the MSS: the abstentions.
    votes = list_mandate_votes.sync("s-res-2699-2023", client=client, vote=VoteChoice.ABSTAIN)
    assert isinstance(votes, VoteList), votes
    found["abstentions"] = sorted(v.member for v in votes.data)

    # A curator's merge patch with If-Match: the current ETag, then a stale one.
    curator = AuthenticatedClient(base_url=base_url, token=key)
    current = get_mission.sync_detailed("binuh", client=client)
    etag = current.headers["ETag"]
    patch = MissionUpdate(summary="Political mission; edited through the generated Python client.")
    updated = update_mission.sync_detailed("binuh", client=curator, body=patch, if_match=etag)
    assert updated.parsed is not None and not isinstance(updated.parsed, Problem), updated.content
    stale = update_mission.sync_detailed("binuh", client=curator, body=patch, if_match=etag)
    assert isinstance(stale.parsed, Problem), stale.content
    found["patch"] = {
        "status": int(updated.status_code),
        "summary": updated.parsed.summary,
        "etag": (etag, updated.headers["ETag"]),
        "stale": (int(stale.status_code), stale.parsed.title),
    }

    # The export: every MSS and Gang Suppression Force event, as CSV.
    text = export_events_csv.sync(client=client, mission_in=["mss-haiti", "gang-suppression-force"])
    assert isinstance(text, str), text
    rows = list(csv.DictReader(io.StringIO(text)))
    found["export"] = {"rows": len(rows), "missions": sorted({r["mission"] for r in rows})}

    # A problem, typed: an unknown filter value.
    refused = list_missions.sync_detailed(client=client, limit=2, cursor="not-a-cursor")
    assert isinstance(refused.parsed, Problem), refused.content
    found["problem"] = {
        "status": refused.parsed.status,
        "fields": [e.field for e in refused.parsed.errors or []],
    }
    return found


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
