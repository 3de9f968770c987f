"""Each request the contract's examples spell, sent to the app, answers the status the
contract documents for it (its operation's success status), with a body valid against the
documented schema: reads first, then the create examples, the update examples (If-Match
"v1" on seeded records) and the delete examples (which name the records the create
examples make: every seeded record is still cited or referred to)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
DOC: dict[str, Any] = json.loads((ROOT / "openapi" / "openapi.json").read_text())
URI = "urn:peaceops:openapi"
REGISTRY: Registry[Any] = Registry().with_resource(
    URI, Resource.from_contents(DOC, default_specification=DRAFT202012)
)
ORDER = {"get": 0, "post": 1, "patch": 2, "delete": 3}

OPERATIONS = sorted(
    ((path, method, op) for path, item in DOC["paths"].items() for method, op in item.items()),
    key=lambda entry: (ORDER[entry[1]], entry[0]),
)


def _parameter(param: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in param:
        name = param["$ref"].rsplit("/", 1)[-1]
        resolved: dict[str, Any] = DOC["components"]["parameters"][name]
        return resolved
    return param


def _request(path: str, op: dict[str, Any], key: str) -> dict[str, Any]:
    url, query, headers = path, [], {}
    for param in map(_parameter, op.get("parameters", [])):
        if "example" not in param:
            assert not param.get("required"), f"{op['operationId']}: required {param['name']} has no example"
            continue
        value = param["example"]
        if param["in"] == "path":
            url = url.replace("{" + param["name"] + "}", str(value))
        elif param["in"] == "query":
            query.append((param["name"], ",".join(value) if isinstance(value, list) else str(value)))
        elif param["in"] == "header":
            headers[param["name"]] = str(value)
    if op["security"]:
        headers["Authorization"] = f"Bearer {key}"
    request: dict[str, Any] = {"url": url, "params": query, "headers": headers}
    body = op.get("requestBody")
    if body is not None:
        media, content = next((m, c) for m, c in body["content"].items() if "example" in c)
        request["content"] = json.dumps(content["example"])
        headers["Content-Type"] = media
    return request


def _check_body(op: dict[str, Any], status: int, response: Any) -> None:
    documented = op["responses"][str(status)]
    content = documented.get("content", {}).get("application/json")
    if content is None or not response.headers.get("content-type", "").startswith("application/json"):
        return
    pointer = "/".join(part.replace("~", "~0").replace("/", "~1") for part in _where(op, status))
    validator = Draft202012Validator(
        {"$ref": f"{URI}#/{pointer}/schema"}, registry=REGISTRY, format_checker=FormatChecker()
    )
    problems = [e.message for e in validator.iter_errors(response.json())]
    assert not problems, f"{op['operationId']}: the {status} body breaks its schema: {problems[:3]}"


def _where(op: dict[str, Any], status: int) -> list[str]:
    for path, item in DOC["paths"].items():
        for method, candidate in item.items():
            if candidate is op:
                return ["paths", path, method, "responses", str(status), "content", "application/json"]
    raise AssertionError("operation not found")


def test_every_request_example_answers_its_documented_status(
    wclient: TestClient, keys: dict[str, str]
) -> None:
    created: dict[str, str] = {}
    answered: list[str] = []
    for path, method, op in OPERATIONS:
        expected = min(int(code) for code in op["responses"] if code.startswith("2"))
        request = _request(path, op, keys["curate"])
        response = wclient.request(method.upper(), **request)
        assert response.status_code == expected, (
            f"{op['operationId']} {method.upper()} {request['url']}: "
            f"{response.status_code} {response.text[:500]}"
        )
        _check_body(op, expected, response)
        if method == "post":
            created[path] = response.json()["id"]
        if method == "delete":
            collection = path.rsplit("/", 1)[0]
            assert request["url"] == f"{collection}/{created[collection]}", (
                f"{op['operationId']}: the delete example should name what the create example made"
            )
        answered.append(op["operationId"])
    assert len(answered) == len(OPERATIONS) > 50


@pytest.mark.parametrize(
    ("path", "method", "op"), OPERATIONS, ids=[op["operationId"] for _, _, op in OPERATIONS]
)
def test_every_operation_documents_the_service_answers(path: str, method: str, op: dict[str, Any]) -> None:
    responses = op["responses"]
    assert {"429", "503"} <= set(responses), op["operationId"]
    assert ("413" in responses) == ("requestBody" in op), op["operationId"]
    for code, response in responses.items():
        if code in ("413",) or "$ref" in response:
            continue
        assert "RateLimit" in response["headers"] and "X-RateLimit-Remaining" in response["headers"], (
            op["operationId"],
            code,
        )
