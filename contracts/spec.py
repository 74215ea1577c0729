"""The bundled contract, read through `mem0spec`: operations, fields, enums, defaults, validators.

Everything the suites know about the wire format comes from here, so that a change to
`openapi.yaml` changes what is checked without touching the checks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jsonschema_rs

from mem0spec import load_spec, resolve

# Event states after which GET /v1/event/{event_id}/ stops changing (the operation's description).
TERMINAL_EVENT_STATES = frozenset({"SUCCEEDED", "FAILED"})


@functools.cache
def spec() -> dict[str, Any]:
    """The parsed contract, loaded once (callers must not mutate it)."""
    return load_spec()


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def raw(self) -> dict[str, Any]:
        result: dict[str, Any] = spec()["paths"][self.path][self.method.lower()]
        return result

    def statuses(self) -> frozenset[int]:
        return frozenset(int(code) for code in self.raw()["responses"])


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the contract, in document order."""
    found = []
    for path, item in spec()["paths"].items():
        for method, raw in item.items():
            if isinstance(raw, dict) and "operationId" in raw:
                found.append(Operation(raw["operationId"], method.upper(), path))
    return tuple(found)


def operation(operation_id: str) -> Operation:
    """The operation with this `operationId` (`addMemories`, `ping`, `getEvent`)."""
    for candidate in operations():
        if candidate.operation_id == operation_id:
            return candidate
    known = ", ".join(op.operation_id for op in operations())
    raise KeyError(f"no operation {operation_id!r} in openapi.yaml; known: {known}")


def _resolve(node: Mapping[str, Any]) -> dict[str, Any]:
    return resolve(node, spec())


def component(name: str) -> dict[str, Any]:
    result: dict[str, Any] = spec()["components"]["schemas"][name]
    return result


def request_schema() -> dict[str, Any]:
    """The JSON schema of the `POST /v1/memories/` body."""
    body = operation("addMemories").raw()["requestBody"]["content"]["application/json"]["schema"]
    return _resolve(body)


def request_property(name: str) -> dict[str, Any]:
    """One property of the add body, `$ref`s resolved."""
    return _resolve(request_schema()["properties"][name])


def enum_values(name: str) -> list[Any]:
    """The non-null values an enumerated body property allows."""
    return [value for value in request_property(name)["enum"] if value is not None]


def default_of(name: str) -> Any:
    return request_property(name).get("default")


@functools.cache
def scope_fields() -> tuple[str, ...]:
    """The scope ids, of which at least one must be a non-empty string (the body's `anyOf`)."""
    return tuple(branch["required"][0] for branch in request_schema()["anyOf"])


def message_roles() -> list[str]:
    message = _resolve(request_schema()["properties"]["messages"]["items"])
    return list(message["properties"]["role"]["enum"])


@functools.cache
def _validator(name: str) -> Any:
    document = {"$ref": f"#/components/schemas/{name}", "components": spec()["components"]}
    return jsonschema_rs.validator_for(document, validate_formats=True)


def schema_errors(component_name: str, instance: Any) -> list[str]:
    """Why `instance` breaks `components.schemas[component_name]` (empty when it conforms)."""
    return [_describe(error) for error in _validator(component_name).iter_errors(instance)]


def is_valid_request(body: Any) -> bool:
    return not schema_errors("AddMemoriesRequest", body)


def response_headers(op: Operation, status: int) -> dict[str, tuple[bool, dict[str, Any]]]:
    """Declared headers of a response: lower-case name -> (required, schema)."""
    raw = _resolve(op.raw()["responses"][str(status)])
    headers = {}
    for name, header in raw.get("headers", {}).items():
        resolved = _resolve(header)
        headers[name.lower()] = (bool(resolved.get("required")), resolved["schema"])
    return headers


def response_component(op: Operation, status: int) -> str | None:
    """The component schema name of a response body (`Error`, `Ping`, ...), if it names one."""
    raw = _resolve(op.raw()["responses"][str(status)])
    schema = raw.get("content", {}).get("application/json", {}).get("schema", {})
    reference = schema.get("$ref", "")
    return reference.rsplit("/", 1)[-1] or None


@functools.cache
def _pointer_validator(pointer: str) -> Any:
    document = {"$ref": pointer, "components": spec()["components"]}
    return jsonschema_rs.validator_for(document, validate_formats=True)


def response_shape_errors(output_format: str, queued: bool, body: Any) -> tuple[str, list[str]]:
    """Check an add answer against the `AddMemoriesResponse` branch titled for this combination
    (`"v1.1 queued"`, ...). Returns the branch title and why the body breaks it."""
    title = f"{output_format} {'queued' if queued else 'events'}"
    branches = component("AddMemoriesResponse")["anyOf"]
    for index, branch in enumerate(branches):
        if branch.get("title") == title:
            pointer = f"#/components/schemas/AddMemoriesResponse/anyOf/{index}"
            validator = _pointer_validator(pointer)
            return title, [_describe(error) for error in validator.iter_errors(body)]
    known = ", ".join(str(branch.get("title")) for branch in branches)
    raise KeyError(f"openapi.yaml has no response shape titled {title!r}; it has: {known}")


def _describe(error: Any) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.instance_path)
    return f"{where.lstrip('.') or '(root)'}: {error.message}"


def operation_for(method: str, url: str) -> Operation | None:
    """The operation a request URL addresses (a base-URL path prefix is allowed)."""
    path = urlsplit(url).path
    for candidate in operations():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(candidate.path))
        if candidate.method == method.upper() and re.search(f"{pattern}$", path):
            return candidate
    return None
