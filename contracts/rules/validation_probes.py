"""Rule 6's targeted probes, derived from openapi.yaml: what a schema fuzzer alone misses.

Valid requests with every optional field in each allowed form (nulls, metadata, both
custom_categories forms, immutable, a real expiration_date, unknown extras, non-ASCII and long
content) must not get a 4xx; requests that break one schema rule each (a missing or empty required
field, a value of the wrong type, an enum value that does not exist, an impossible date, a body that
is not JSON or not declared as JSON) must get a 4xx, never a 2xx or 5xx, with the error envelope.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from contracts.add_requests import base_body
from contracts.levels import DOCUMENTED, STRICT, mem0_allows, mem0_silent_on_refusing
from contracts.run_context import RunContext
from mem0spec import Operation, bundled

_ABSENT = object()


@dataclass(frozen=True)
class Probe:
    """One request of rule 6: its body, whether openapi.yaml allows it, the field at fault."""

    name: str
    body: Any  # a JSON value, or raw bytes sent as is
    valid: bool
    field: str | None = None  # the field at fault, for invalid probes
    content_type: str = "application/json"

    @property
    def level(self) -> str:
        """The level a wrong answer breaks: strict where Mem0 is silent (it declares no enum for
        `output_format`, needs no `role`, says nothing of blank content), else documented."""
        if not isinstance(self.body, dict) or self.content_type != "application/json":
            return DOCUMENTED
        if self.valid:
            return STRICT if mem0_silent_on_refusing(self.body) else DOCUMENTED
        return STRICT if mem0_allows(self.body) else DOCUMENTED

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


def _with(ctx: RunContext, name: str, **fields: Any) -> dict[str, Any]:
    body = base_body(ctx, name)
    for key, value in fields.items():
        if value is _ABSENT:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return set(declared)
    if isinstance(declared, str):
        return {declared}
    return {t for branch in schema.get("anyOf", []) for t in _types(bundled().resolve(branch))}


def _wrong_value(types: set[str]) -> Any:
    """A value of a JSON type the property does not allow."""
    for candidate in (12345, "not-a-boolean", ["a", "list"], {"an": "object"}):
        kind = {int: "integer", str: "string", list: "array", dict: "object"}[type(candidate)]
        if kind not in types and not (kind == "integer" and "number" in types):
            return candidate
    return None


def valid_probes(ctx: RunContext) -> Iterator[Probe]:
    """Requests openapi.yaml allows, each putting an optional field in one allowed form."""
    spec = bundled()
    properties = spec.request_schema()["properties"]
    for name in sorted(properties):
        schema = spec.request_property(name)
        if name == "messages":
            continue
        if "null" in _types(schema):
            body = _with(ctx, f"null-{name}", **{name: None})
            # The scope rule needs one non-empty scope id besides the one set to null.
            if name == "user_id":
                body["agent_id"] = ctx.scope_id("probe-null-user_id")
            yield Probe(f"{name}: null", body, valid=True)
        for value in schema.get("enum", []):
            if value is not None:
                yield Probe(
                    f"{name}: {value}", _with(ctx, f"{name}-{value}", **{name: value}), True
                )
        if "boolean" in _types(schema):
            for value in (True, False):
                yield Probe(
                    f"{name}: {value}", _with(ctx, f"{name}-{value}", **{name: value}), True
                )
    for name in spec.scope_fields():
        only = {field: _ABSENT for field in spec.scope_fields()}
        only[name] = ctx.scope_id(f"probe-only-{name}")
        yield Probe(f"only {name}", _with(ctx, f"only-{name}", **only), valid=True)
    yield Probe(
        "metadata object", _with(ctx, "metadata", metadata={"source": "chat", "n": 1}), True
    )
    yield Probe(
        "custom_categories as a map",
        _with(ctx, "cc-map", custom_categories={"hobbies": "What the user does for fun"}),
        True,
    )
    yield Probe(
        "custom_categories as a list",
        _with(ctx, "cc-list", custom_categories=[{"hobbies": "Free time"}, {"health": "Care"}]),
        True,
    )
    yield Probe("expiration_date", _with(ctx, "exp", expiration_date="2099-12-31"), True)
    yield Probe("includes/excludes", _with(ctx, "inc", includes="hobbies", excludes="jobs"), True)
    yield Probe(
        "unknown extras", _with(ctx, "extra", timestamp=1700000000, enable_graph=True), True
    )
    for name in ("org_id", "project_id"):
        if isinstance(ctx.ping.get(name), str):
            yield Probe(f"{name} of the key", _with(ctx, name, **{name: ctx.ping[name]}), True)
    roles = spec.message_roles()
    messages = [{"role": role, "content": f"A {role} message."} for role in roles]
    yield Probe("every role", _with(ctx, "roles", messages=messages), True)
    yield Probe(
        "empty content", _with(ctx, "empty", messages=[{"role": "user", "content": ""}]), True
    )
    # Text a server may mishandle while stripping or logging it: blank, and control characters.
    blank = [{"role": "user", "content": "  "}]
    yield Probe("whitespace-only content", _with(ctx, "blank", messages=blank), True)
    control = [{"role": "user", "content": "I like tea.\u0000\u0007\u001b[31m\r\n\t done"}]
    yield Probe("control characters in content", _with(ctx, "ctrl", messages=control), True)
    unicode = "Ich heiße Zoë, ich wohne in München 🏔️ — 東京が好き. Ça va?"
    yield Probe(
        "non-ASCII content",
        _with(ctx, "unicode", messages=[{"role": "user", "content": unicode}]),
        True,
    )
    yield Probe(
        "non-ASCII content, infer false",
        _with(ctx, "unicode-v", infer=False, messages=[{"role": "user", "content": unicode}]),
        True,
    )
    long_text = "I keep a diary. " * 1500
    yield Probe(
        "long content (24 kB)",
        _with(ctx, "long", messages=[{"role": "user", "content": long_text}]),
        True,
    )
    extra_key = [{"role": "user", "content": "I like tea.", "name": "sam"}]
    yield Probe("extra key in a message", _with(ctx, "msg-extra", messages=extra_key), True)


def invalid_probes(ctx: RunContext) -> Iterator[Probe]:
    """Requests that each break one rule of openapi.yaml, with the field they break."""
    spec = bundled()
    properties = spec.request_schema()["properties"]
    yield Probe("messages missing", _with(ctx, "no-messages", messages=_ABSENT), False, "messages")
    yield Probe("messages empty", _with(ctx, "empty-messages", messages=[]), False, "messages")
    yield Probe("message not an object", _with(ctx, "msg-str", messages=["hi"]), False, "messages")
    no_role = [{"content": "I like tea."}]
    yield Probe("message without role", _with(ctx, "no-role", messages=no_role), False, "messages")
    no_content = [{"role": "user"}]
    yield Probe(
        "message without content", _with(ctx, "no-cont", messages=no_content), False, "messages"
    )
    bad_role = [{"role": "moderator", "content": "I like tea."}]
    yield Probe(
        "role not in the enum", _with(ctx, "bad-role", messages=bad_role), False, "messages"
    )
    int_content = [{"role": "user", "content": 42}]
    yield Probe(
        "content not a string", _with(ctx, "int-cont", messages=int_content), False, "messages"
    )
    no_scope = {name: _ABSENT for name in spec.scope_fields()}
    yield Probe("no scope id", _with(ctx, "no-scope", **no_scope), False, spec.scope_fields()[0])
    null_scope = dict.fromkeys(spec.scope_fields())
    yield Probe("every scope id null", _with(ctx, "null-scope", **null_scope), False, "user_id")
    empty_scope = {**no_scope, spec.scope_fields()[0]: ""}
    yield Probe("scope id empty", _with(ctx, "empty-scope", **empty_scope), False, "user_id")
    for name in sorted(properties):
        schema = spec.request_property(name)
        wrong = _wrong_value(_types(schema))
        if wrong is not None and name != "messages":
            label = f"{name}: wrong type"
            body = _with(ctx, f"type-{name}", **{name: wrong})
            if name in spec.scope_fields():
                body["agent_id" if name != "agent_id" else "user_id"] = ctx.scope_id("probe-x")
            yield Probe(label, body, False, name)
        if "enum" in schema:
            yield Probe(
                f"{name}: not in the enum", _with(ctx, f"enum-{name}", **{name: "v9"}), False, name
            )
        if schema.get("minLength", 0) > 0:
            yield Probe(
                f"{name}: empty string", _with(ctx, f"empty-{name}", **{name: ""}), False, name
            )
        if "boolean" in _types(schema) and "null" not in _types(schema):
            yield Probe(f"{name}: null", _with(ctx, f"nullb-{name}", **{name: None}), False, name)
    for date in ("2030-02-30", "2030-1-1", "31/12/2030"):
        body = _with(ctx, f"date-{date}", expiration_date=date)
        yield Probe(f"expiration_date {date}", body, False, "expiration_date")
    yield Probe("body not JSON", b'{"messages": [', False, "body")
    yield Probe("body a JSON array", [base_body(ctx, "array")], False, "body")
    yield Probe(
        "body declared text/plain",
        base_body(ctx, "text-plain"),
        False,
        None,
        content_type="text/plain",
    )


# Characters that break naive path handling: NUL, bell, escape, a newline, DEL.
CONTROL_CHARACTERS = "\u0000\u0007\u001b\n\u007f"


def path_probes(operation: Operation, ctx: RunContext) -> Iterator[tuple[str, str]]:
    """For each path parameter of `operation` (from openapi.yaml), the path with that parameter
    holding control characters, percent-encoded: a server must answer it (4xx), never crash.
    The other parameters get this run's made-up values. Yields (parameter name, path)."""
    from urllib.parse import quote

    parameters = [p for p in operation.parameters if p.location == "path"]
    names = [p.name for p in parameters]
    for name in names:
        values = {
            p.name: str(p.schema["enum"][0])
            if p.schema.get("enum")
            else quote(ctx.scope_id(f"probe-{p.name}"), safe="")
            for p in parameters
        }
        values[name] = quote(f"{ctx.prefix}ctrl{CONTROL_CHARACTERS}", safe="")
        yield name, operation.path_with(**values)


def probe_levels(ctx: RunContext) -> dict[str, str]:
    """Each probe's name and the level a wrong answer to it breaks."""
    return {probe.name: probe.level for probe in (*valid_probes(ctx), *invalid_probes(ctx))}
