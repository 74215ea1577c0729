"""Schemas of the contract compiled into jsonschema-rs validators (Draft 2020-12, formats checked).

Imported on first use only (`Spec.validator` and friends): the pytest plugin reads the spec without
paying for a validator it may never need.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsonschema_rs

__all__ = ["compile_schema", "describe_error"]


def compile_schema(schema: Mapping[str, Any], components: Mapping[str, Any]) -> Any:
    """A validator for `schema`, whose `$ref`s into `#/components/...` resolve in `components`."""
    # Only a schema that refers into the components carries them: each validator holds its own
    # copy of what it is given, and most parameter schemas need none (~0.5 MB each otherwise).
    root = {**schema, "components": components} if "$ref" in repr(schema) else dict(schema)
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def describe_error(error: Any) -> str:
    """`messages[0].role: 'x' is not one of [...]`: where the instance breaks it, and why."""
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.instance_path)
    return f"{where.lstrip('.') or '(root)'}: {error.message}"
