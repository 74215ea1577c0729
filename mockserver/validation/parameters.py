"""Query parameters checked against openapi.yaml: each declared one typed from its text (integer,
number, boolean), defaulted when absent, and validated by its compiled schema; undeclared ones are
ignored (the official clients send `org_id`, `project_id`, `source=CLI`, ...)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mem0spec import Parameter
from mockserver.validation.numbers import whole_number
from mockserver.validation.wording import FieldError

__all__ = ["typed_query"]

_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def typed_query(
    declared: tuple[Parameter, ...], given: Mapping[str, str], validators: Mapping[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """The declared query parameters, typed and defaulted, and what is wrong with them."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for parameter in declared:
        if parameter.location != "query":
            continue
        name, schema = parameter.name, parameter.schema
        text = given.get(name)
        if text is None:
            if "default" in schema:
                values[name] = schema["default"]
            continue
        kind = schema.get("type")
        value: Any = text
        if kind == "integer":
            stripped = text.strip()
            negative = stripped.startswith("-")
            value = whole_number(stripped[1:] if negative else stripped, max_digits=18)
            if value is not None and negative:
                value = -value
            if value is None:
                errors.append(FieldError(name, _rule(schema)))
                continue
        elif kind == "boolean":
            value = _BOOLEANS.get(text.strip().lower())
            if value is None:
                errors.append(FieldError(name, "must be true or false"))
                continue
        validator = validators.get(name)
        if validator is not None and not validator.is_valid(value):
            errors.append(FieldError(name, _rule(schema)))
            continue
        values[name] = value
    return values, errors


def _rule(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"must be a whole number from {low} to {high}"
        return "must be a whole number"
    if schema.get("enum"):
        return f"must be one of {', '.join(str(v) for v in schema['enum'])}"
    if schema.get("minLength") == 1:
        return "must not be empty"
    return "is not a valid value"
