"""The README's research questions answer as written: every request in its block answers,
in JSON and, where it offers CSV, in CSV, with what the comment above it promises."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from tests.conftest import ROOT

_BLOCK = re.compile(r"### Research questions\n\n```sh\n(.*?)```", re.S)
_CURL = re.compile(r"curl '(http://127\.0\.0\.1:8000[^']+)'")


def _requests() -> list[str]:
    found = _BLOCK.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "the README has a research questions block"
    paths = []
    for url in _CURL.findall(found.group(1)):
        parts = urlsplit(url)
        paths.append(parts.path + ("?" + parts.query if parts.query else ""))
    return paths


@pytest.mark.parametrize("path", _requests())
def test_every_research_question_answers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("application/json"):
        body = response.json()
        assert "warnings" not in body.get("meta", {}), body["meta"]


def test_the_deployment_series_has_its_reference_lines_in_json_and_csv(client: TestClient) -> None:
    [path] = [p for p in _requests() if "/series" in p]
    rows = list(csv.DictReader(io.StringIO(client.get(path).text)))
    points = [r for r in rows if r["kind"] == "point"]
    lines = [r for r in rows if r["kind"] != "point"]
    assert points[0]["date"] == "2024-06-25" and points[0]["basis"] == "contributors"  # Kenya, June 2024
    assert [(r["kind"], r["level_value"]) for r in lines] == [("personnel_planned", "2500")]
    body = client.get(path.replace("&format=csv", "")).json()
    assert [p["date"] for p in body["points"]] == [r["date"] for r in points]
    assert [(x["kind"], x["value"]) for x in body["reference_lines"]] == [("personnel_planned", 2500)]


def test_the_abstentions_answer_in_csv_too(client: TestClient) -> None:
    [path] = [p for p in _requests() if "group_by" in p]
    rows = list(csv.DictReader(io.StringIO(client.get(path + "&format=csv").text)))
    assert {r["member"] for r in rows} == {"china", "russian-federation"}
    assert all(r["vote"] == "abstain" and int(r["count"]) > 0 for r in rows)
