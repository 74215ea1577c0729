"""Turn schema violations into the contract's field errors (`messages[0].role`: `must be ...`).

The words come from the schema itself (its enums, bounds, types and `anyOf` branches), so a change
to openapi.yaml changes the messages with it. Both validators (openapi-core's jsonschema errors and
jsonschema-rs errors) are first reduced to the same `Problem`, then worded here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mem0spec import resolve as resolve_ref

__all__ = ["MAX_ERRORS", "MAX_IN_DETAIL", "FieldError", "Problem", "explain", "field_path"]

# When one field breaks several rules, the most telling one is reported.
_PRIORITY = {"required": 0, "type": 1, "anyOf": 2, "enum": 3, "const": 3, "format": 4}

# A body can break the schema in thousands of places; an answer names a readable few.
MAX_IN_DETAIL = 5
MAX_ERRORS = 100

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


@dataclasses.dataclass(frozen=True)
class FieldError:
    """One offending field (`messages[0].role`) and the rule it breaks (`must be one of ...`)."""

    field: str
    message: str


@dataclasses.dataclass(frozen=True)
class Problem:
    """One failed keyword: where in the instance, which keyword, and the schema that holds it."""

    path: tuple[str | int, ...]
    keyword: str
    schema: Mapping[str, Any]
    instance: Any


def field_path(path: Sequence[str | int]) -> str:
    """`("messages", 0, "role")` -> `messages[0].role`; the whole body is `body`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def _join(words: Sequence[str], last: str = "or") -> str:
    if len(words) <= 1:
        return "".join(words)
    if len(words) == 2:
        return f"{words[0]} {last} {words[1]}"
    return f"{', '.join(words[:-1])}, {last} {words[-1]}"


def _literal(value: Any) -> str:
    return (
        "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    )


class _Describer:
    """Words for what a schema accepts, resolving `$ref`s against the spec document."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self._root = root

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        return resolve_ref(schema, self._root)

    def describe(self, schema: Mapping[str, Any]) -> str:
        schema = self.resolve(schema)
        if "const" in schema:
            return _literal(schema["const"])
        if "enum" in schema:
            return f"one of {', '.join(_literal(v) for v in schema['enum'])}"
        if "anyOf" in schema:
            return _join([self.describe(branch) for branch in schema["anyOf"]])
        types = schema.get("type", [])
        types = [types] if isinstance(types, str) else list(types)
        words = [self._describe_type(name, schema) for name in types]
        return _join(words) if words else "a valid value"

    def _describe_type(self, name: str, schema: Mapping[str, Any]) -> str:
        if name == "string" and schema.get("minLength") == 1:
            return "a non-empty string"
        if name == "object" and isinstance(schema.get("additionalProperties"), Mapping):
            values = self.describe(schema["additionalProperties"])
            return f"an object whose values are each {values}"
        if name == "array" and isinstance(schema.get("items"), Mapping):
            return f"a list whose items are each {self.describe(schema['items'])}"
        return _TYPE_WORDS.get(name, f"a {name}")

    def rule(self, problem: Problem) -> tuple[str, str, bool]:
        """(field, rule, standalone): standalone rules read as a sentence without the field."""
        schema, keyword, field = problem.schema, problem.keyword, field_path(problem.path)
        if isinstance(schema.get("x-rule"), str):  # the schema words its own rule
            return field, schema["x-rule"], False
        value = schema.get(keyword)
        if keyword == "type":
            return field, f"must be {self.describe({'type': value})}", False
        if keyword in ("enum", "const"):
            return field, f"must be {self.describe({keyword: value})}", False
        if keyword in ("minItems", "maxItems"):
            bound = "at least" if keyword == "minItems" else "at most"
            if keyword == "minItems" and value == 1:
                return field, "must contain at least one item", False
            return field, f"must contain {bound} {value} items", False
        if keyword in ("minLength", "maxLength"):
            if keyword == "minLength" and value == 1:
                return field, "must not be empty", False
            bound = "at least" if keyword == "minLength" else "at most"
            return field, f"must be {bound} {value} characters long", False
        if keyword == "format":
            if value == "date":
                return field, "must be a real calendar date written YYYY-MM-DD", False
            return field, f"must be a valid {value}", False
        if keyword == "pattern":
            if schema.get("format") == "date":  # the pattern only narrows the date's form
                return field, "must be a real calendar date written YYYY-MM-DD", False
            return field, f"must match the pattern {value}", False
        if keyword == "anyOf":
            return self._any_of(problem, field)
        if keyword == "not":
            return self._not(problem, field)
        if keyword == "additionalProperties" and isinstance(problem.instance, Mapping):
            known = sorted(schema.get("properties", {}))
            unknown = sorted(set(problem.instance) - set(known))
            target = field_path((*problem.path, unknown[0])) if unknown else field
            return target, f"is not a known key (known: {', '.join(known)})", False
        if keyword in ("minimum", "maximum"):
            bound = "at least" if keyword == "minimum" else "at most"
            return field, f"must be {bound} {value}", False
        if keyword == "minProperties":
            return field, f"must hold at least {value} key{'s' if value != 1 else ''}", False
        return field, f"breaks the schema rule '{keyword}'", False

    def _not(self, problem: Problem, field: str) -> tuple[str, str, bool]:
        # The "none of these properties here" idiom: v3 refuses entity ids beside `filters`.
        forbidden = self.resolve(problem.schema.get("not", {}))
        names = [n for b in forbidden.get("anyOf", []) for n in self.resolve(b).get("required", [])]
        present = problem.instance if isinstance(problem.instance, Mapping) else {}
        given = [name for name in names if name in present]
        if given:
            target = field_path((*problem.path, given[0]))
            return target, "must not be given at the top level; put it inside filters", False
        return field, "breaks the schema rule 'not'", False

    def _any_of(self, problem: Problem, field: str) -> tuple[str, str, bool]:
        branches = [self.resolve(b) for b in problem.schema.get("anyOf", [])]
        # The "at least one of these properties" idiom: every branch only requires one property.
        if branches and all(
            set(b) <= {"required", "properties"} and b.get("required") for b in branches
        ):
            names = [name for b in branches for name in b["required"]]
            first = branches[0]
            accepted = self.describe(first.get("properties", {}).get(names[0], {}))
            prefix = ".".join(str(p) for p in problem.path)
            target = f"{prefix}.{names[0]}" if prefix else names[0]
            return target, f"at least one of {', '.join(names)} must be {accepted}", True
        return field, f"must be {self.describe(problem.schema)}", False


def _missing_required(problem: Problem) -> Iterable[tuple[str, str, bool]]:
    present = problem.instance if isinstance(problem.instance, Mapping) else {}
    for name in problem.schema.get("required", []):
        if name not in present:
            yield field_path((*problem.path, name)), "is required", False


def explain(problems: Iterable[Problem], root: Mapping[str, Any]) -> tuple[str, list[FieldError]]:
    """The envelope's `detail` sentence and its `errors`, one per offending field."""
    describer = _Describer(root)
    ranked = sorted(problems, key=lambda p: _PRIORITY.get(p.keyword, 9))
    worded: dict[str, tuple[str, bool]] = {}
    for problem in ranked:
        found = (
            _missing_required(problem)
            if problem.keyword == "required"
            else [describer.rule(problem)]
        )
        for field, rule, standalone in found:
            worded.setdefault(field, (rule, standalone))
    if not worded:
        worded["body"] = ("does not match the contract's schema", False)
    errors = [FieldError(field, rule) for field, (rule, _) in worded.items()][:MAX_ERRORS]
    if len(worded) == 1:
        ((field, (rule, standalone)),) = worded.items()
        return (rule[0].upper() + rule[1:] if standalone else f"{field}: {rule}") + ".", errors
    sentences = [
        rule if standalone else f"{field}: {rule}" for field, (rule, standalone) in worded.items()
    ]
    shown = "; ".join(sentences[:MAX_IN_DETAIL])
    more = len(sentences) - MAX_IN_DETAIL
    listed = f" (the first {MAX_ERRORS} are listed in details.errors)" if more > 0 else ""
    tail = f"; and {more} more{listed}" if more > 0 else ""
    return f"{len(sentences)} fields break the contract: {shown}{tail}.", errors
