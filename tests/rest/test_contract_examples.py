"""Every example in the committed contract is valid against its own schema: the schema
examples of components, the examples of parameters and headers, and the request and
response examples of every media type (``example`` and each of ``examples``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
DOC: dict[str, Any] = json.loads((ROOT / "openapi" / "openapi.json").read_text())
URI = "urn:peaceops:openapi"
REGISTRY: Registry[Any] = Registry().with_resource(
    URI, Resource.from_contents(DOC, default_specification=DRAFT202012)
)


def _pointer(parts: tuple[str | int, ...]) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    """A parameter, header or response given as a $ref, resolved; others as they are."""
    while "$ref" in node and node["$ref"].startswith("#/"):
        target: Any = DOC
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _examples(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str, str, Any]]:
    """(where, pointer to the schema, example) for every example under ``node``."""
    if isinstance(node, dict):
        if "schema" in node and isinstance(node["schema"], dict):
            schema_at = _pointer((*path, "schema"))
            if "example" in node:
                yield _pointer((*path, "example")), schema_at, node["example"]
            for name, example in node.get("examples", {}).items():
                example = _resolved(example)
                if "value" in example:
                    yield _pointer((*path, "examples", name)), schema_at, example["value"]
        if len(path) == 3 and path[:2] == ("components", "schemas") and "example" in node:
            yield _pointer((*path, "example")), _pointer(path), node["example"]
        for key, value in node.items():
            yield from _examples(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _examples(value, (*path, i))


EXAMPLES = list(_examples(DOC))


def test_the_contract_has_examples_everywhere_a_reader_looks() -> None:
    where = [w for w, _, _ in EXAMPLES]
    assert len(EXAMPLES) > 100
    assert any("/requestBody/content/application~1merge-patch+json/" in w for w in where)
    assert any(w.startswith("/components/responses/429/") for w in where)
    assert any(w.startswith("/components/headers/") for w in where)


@pytest.mark.parametrize(("where", "schema_at", "example"), EXAMPLES, ids=[w for w, _, _ in EXAMPLES])
def test_example_is_valid_against_its_schema(where: str, schema_at: str, example: Any) -> None:
    validator = Draft202012Validator(
        {"$ref": f"{URI}#{schema_at}"}, registry=REGISTRY, format_checker=FormatChecker()
    )
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(example)]
    assert not problems, f"{where} breaks {schema_at}:\n" + "\n".join(problems)
