"""What every error answer must be: the contract's `Error` envelope, read from openapi.yaml."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

import jsonschema_rs

from mem0spec import load_spec


@functools.cache
def _validator(name: str) -> Any:
    spec = load_spec()
    # The whole components section rides along so that internal `$ref`s resolve.
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"#/components/schemas/{name}",
        "components": spec["components"],
    }
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def schema_errors(name: str, instance: Any) -> list[str]:
    """Why `instance` breaks the spec's schema `name` (empty when it conforms)."""
    return [f"{e.instance_path}: {e.message}" for e in _validator(name).iter_errors(instance)]


def check_error_answer(
    status: int, headers: Mapping[str, str], body: bytes, method: str = ""
) -> None:
    """Assert one answer is a well-formed contract error (or, for HEAD, at least not a 5xx)."""
    assert 400 <= status < 500, f"expected a 4xx, got {status}: {body[:300]!r}"
    if method == "HEAD":
        return
    content_type = headers.get("content-type", "")
    assert content_type.startswith("application/json"), (status, content_type, body[:300])
    document = json.loads(body)
    problems = schema_errors("Error", document)
    assert problems == [], (status, problems, document)
    assert document["error"].startswith(f"{status} "), document
    assert document["details"]["message"] == document["detail"], document
    if status == 401:
        assert headers.get("www-authenticate") == "Token", headers
