"""The contract's one error envelope, and the package's exceptions.

Exceptions:

    MockServerError            base of everything this package raises on purpose
    ├── SettingsError          (settings.py) an unknown or out-of-range setting
    ├── FixtureError           (store.py) a memories fixture that cannot be loaded
    └── ServerThreadError      (server.py) the server thread could not start or stop

Every non-200 answer of the mock is built here, so each carries the contract's `Error` shape:
`{"error": "<status line>", "detail": "<sentence>", "details": {"message": ..., "errors": [...]}}`.
"""

from __future__ import annotations

import dataclasses
import http
import json
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.responses import Response

from mem0spec import load_spec

__all__ = [
    "FieldError",
    "JSONValueResponse",
    "MockServerError",
    "error_body",
    "error_response",
    "json_bytes",
    "json_value",
    "status_line",
]


class MockServerError(Exception):
    """Base class of the mock's own exceptions."""


@dataclasses.dataclass(frozen=True)
class FieldError:
    """One offending field (`messages[0].role`) and the rule it breaks (`must be one of ...`)."""

    field: str
    message: str


def _status_lines_from_spec() -> dict[int, str]:
    """The status lines the contract's own examples use (e.g. `413 Payload Too Large`)."""
    lines: dict[int, str] = {}
    for response in load_spec()["components"]["responses"].values():
        examples = response.get("content", {}).get("application/json", {}).get("examples", {})
        for example in examples.values():
            line = example.get("value", {}).get("error")
            if isinstance(line, str) and line[:3].isdigit():
                lines[int(line[:3])] = line
    return lines


_STATUS_LINES = _status_lines_from_spec()


def status_line(status: int) -> str:
    """`400 Bad Request`: the contract's wording when it has one, else the HTTP reason phrase."""
    if status in _STATUS_LINES:
        return _STATUS_LINES[status]
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return f"{status} {phrase}"


# Built once: `json.dumps` with options builds a new encoder on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_ASCII_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False)


def json_bytes(value: Any) -> bytes:
    """The one JSON encoding of every body: compact, UTF-8, key order as built (deterministic)."""
    text = _ENCODER.encode(value)
    try:
        return text.encode()
    except UnicodeEncodeError:  # a lone surrogate from the request: escape it, as JSON allows
        return _ASCII_ENCODER.encode(value).encode()


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# Built once, like the encoders; NaN and Infinity are not JSON (RFC 8259), so they are refused.
_DECODER = json.JSONDecoder(parse_constant=_no_constants)


def json_value(text: str) -> Any:
    """The one JSON decoding of request bodies; `ValueError` (or `RecursionError`) if not JSON."""
    return _DECODER.decode(text)


def error_body(status: int, detail: str, errors: Sequence[FieldError] = ()) -> dict[str, Any]:
    details: dict[str, Any] = {"message": detail}
    if errors:
        details["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    return {"error": status_line(status), "detail": detail, "details": details}


class JSONValueResponse(Response):
    """A JSON response that keeps the value it encodes, so the journal never re-parses a body."""

    media_type = "application/json"

    def __init__(
        self, value: Any, status_code: int = 200, headers: Mapping[str, str] | None = None
    ) -> None:
        self.value = value
        super().__init__(json_bytes(value), status_code, headers)


def error_response(
    status: int,
    detail: str,
    errors: Sequence[FieldError] = (),
    headers: Mapping[str, str] | None = None,
) -> JSONValueResponse:
    return JSONValueResponse(error_body(status, detail, errors), status, headers)
