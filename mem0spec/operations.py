"""The operations of the contract: method, path, statuses, headers, body and parameters of each."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mem0spec.document import resolve

__all__ = ["HTTP_METHODS", "Header", "Operation", "Parameter", "read_operations"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# `x-conformance` of an operation: a conforming server must serve a `required` one; an `optional`
# one (the default when the mark is absent) it may leave unserved, but must honour if it serves it.
CONFORMANCE_LEVELS = ("required", "optional")
_ESCAPED_PARAMETER = re.compile(r"\\\{[^}]+\\\}")  # `{name}` once re.escape()d


@dataclass(frozen=True)
class Header:
    """A response header the contract declares: its name as written, whether it is required."""

    name: str
    required: bool
    schema: Mapping[str, Any]


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter (`$ref`s resolved)."""

    name: str
    location: str  # "path", "query", "header", "cookie"
    schema: Mapping[str, Any]


@dataclass(frozen=True)
class Operation:
    """What the contract says about one operation.

    Example:
        >>> from mem0spec import bundled
        >>> bundled().operation("ping").label
        'GET /v1/ping/'
    """

    operation_id: str
    method: str  # upper-case, as sent on the wire
    path: str  # the path template, `{name}` for a parameter
    statuses: frozenset[int]
    headers: Mapping[int, tuple[Header, ...]]  # status -> the headers declared with it
    body_media_types: tuple[str, ...]
    body_required: bool
    body_schema: Mapping[str, Any] | None  # as written in the document (may be a $ref)
    parameters: tuple[Parameter, ...]
    # status -> the name of the component schema its JSON body names (`Error`, `Ping`, ...)
    body_components: Mapping[int, str]
    # `x-conformance`: "required" (every conforming server serves it) or "optional" (the default)
    conformance: str = "optional"
    # The first body example of the first media type (`example`, else the first of `examples`).
    body_example: Any = None

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def required(self) -> bool:
        """Whether every conforming server must serve it (`x-conformance: required`)."""
        return self.conformance == "required"

    @property
    def error_statuses(self) -> tuple[int, ...]:
        """The 4xx and 5xx statuses the operation documents, ascending."""
        return tuple(sorted(status for status in self.statuses if status >= 400))

    def required_headers(self, status: int) -> tuple[str, ...]:
        """Names (as written) of the headers a `status` answer must carry."""
        return tuple(header.name for header in self.headers.get(status, ()) if header.required)

    def path_with(self, **values: str) -> str:
        """The path with its parameters filled in: `path_with(event_id="e1")`."""
        path = self.path
        for name, value in values.items():
            path = path.replace(f"{{{name}}}", value)
        return path

    def matches(self, method: str, path: str) -> bool:
        """Whether a request's method and path (a base-URL prefix allowed) name this operation."""
        pattern = _ESCAPED_PARAMETER.sub("[^/]+", re.escape(self.path))
        return method.upper() == self.method and re.search(f"{pattern}$", path) is not None


def read_operations(document: Mapping[str, Any]) -> dict[str, Operation]:
    """Every operation of the document by `operationId`, in document order."""
    found: dict[str, Operation] = {}
    for path, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method in item:  # document order: the add stays first on /v1/memories/
            if method in HTTP_METHODS and isinstance(item.get(method), Mapping):
                operation = _operation(document, path, method, item[method], shared)
                found[operation.operation_id] = operation
    return found


def _operation(
    document: Mapping[str, Any],
    path: str,
    method: str,
    raw: Mapping[str, Any],
    shared: list[Any],
) -> Operation:
    statuses: set[int] = set()
    headers: dict[int, tuple[Header, ...]] = {}
    components: dict[int, str] = {}
    for code, response in raw.get("responses", {}).items():
        if not str(code).isdigit():
            continue
        status = int(code)
        statuses.add(status)
        response = resolve(response, document)
        declared = []
        for name, header in response.get("headers", {}).items():
            header = resolve(header, document)
            declared.append(Header(name, bool(header.get("required")), header.get("schema", {})))
        headers[status] = tuple(declared)
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        reference = str(schema.get("$ref", ""))
        if reference.startswith("#/components/schemas/"):
            components[status] = reference.rsplit("/", 1)[-1]
    body = resolve(raw.get("requestBody", {}), document)
    content = body.get("content", {})
    media_types = tuple(content)
    parameters = []
    for parameter in [*shared, *raw.get("parameters", [])]:
        parameter = resolve(parameter, document)
        if "schema" in parameter:
            parameters.append(Parameter(parameter["name"], parameter["in"], parameter["schema"]))
    return Operation(
        operation_id=str(raw["operationId"]),
        method=method.upper(),
        path=path,
        statuses=frozenset(statuses),
        headers=headers,
        body_media_types=media_types,
        body_required=bool(body.get("required")),
        body_schema=content[media_types[0]].get("schema") if media_types else None,
        parameters=tuple(parameters),
        body_components=components,
        conformance=_conformance(path, method, raw),
        body_example=_first_example(content[media_types[0]]) if media_types else None,
    )


def _first_example(media: Mapping[str, Any]) -> Any:
    if "example" in media:
        return media["example"]
    named = list(media.get("examples", {}).values())
    return named[0].get("value") if named else None


def _conformance(path: str, method: str, raw: Mapping[str, Any]) -> str:
    level = raw.get("x-conformance", "optional")
    if level not in CONFORMANCE_LEVELS:
        choices = " or ".join(CONFORMANCE_LEVELS)
        raise ValueError(
            f"{method.upper()} {path}: x-conformance is {level!r}; it must be {choices}"
        )
    return str(level)
