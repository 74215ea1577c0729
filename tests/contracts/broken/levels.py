"""Broken servers of issue 12's misses, and servers that differ from the kit only where Mem0 is
silent: each must be found with the right clause and at the right conformance level.

`LEVEL_OF` gives the lowest level each one's finding breaks. A server at `strict` alone passes
`verify` at the default level (`documented`) and fails `--level strict`.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from contracts.served import NO_SUCH_PATH
from tests.contracts.broken.answers import ping_without
from tests.contracts.broken.intercept import (
    ASGIApp,
    Intercept,
    Request,
    Response,
    envelope,
    json_response,
)
from tests.contracts.broken.kit import on_add_body
from tests.contracts.broken.servers import Broken


def _crash() -> Response:
    return json_response(500, envelope(500, "Internal Server Error", "Something broke."))


def _contents(request: Request) -> list[Any]:
    body = request.json()
    messages = body.get("messages") if isinstance(body, dict) else None
    return [m.get("content") for m in messages or [] if isinstance(m, dict)]


def crash_on_blank_content(app: ASGIApp, key: str) -> ASGIApp:
    """A 500 when a message's content is only whitespace (a clone that strips, then indexes)."""

    def on_request(request: Request) -> Response | None:
        blank = [c for c in _contents(request) if isinstance(c, str) and c and not c.strip()]
        return _crash() if request.is_add and blank else None

    return Intercept(app, on_request=on_request)


def crash_on_control_event_id(app: ASGIApp, key: str) -> ASGIApp:
    """A 500 for an event id holding control characters (an adapter that logs it raw)."""

    def on_request(request: Request) -> Response | None:
        if "/v1/event/" not in request.path:
            return None
        event_id = unquote(request.path.split("/v1/event/", 1)[1])
        control = any(ord(c) < 0x20 or ord(c) == 0x7F for c in event_id)
        return _crash() if control else None

    return Intercept(app, on_request=on_request)


def add_not_routed(app: ASGIApp, key: str) -> ASGIApp:
    """`POST /v1/memories/` is not routed: the framework's 404 for it and for unknown paths."""

    def on_request(request: Request) -> Response | None:
        if request.is_add or request.path.startswith(NO_SUCH_PATH):
            return Response(404, {"content-type": "application/json"}, b'{"detail":"Not Found"}')
        return None

    return Intercept(app, on_request=on_request)


def refuse_blank_content(app: ASGIApp, key: str) -> ASGIApp:
    """Stricter than the kit where Mem0 is silent: an empty or blank content gets a 400."""

    def on_request(request: Request) -> Response | None:
        blank = [c for c in _contents(request) if isinstance(c, str) and not c.strip()]
        authorized = request.headers.get("authorization") == f"Token {key}"
        if request.is_add and authorized and blank:
            sentence = "messages[0].content must not be blank"
            body = envelope(400, "Bad Request", sentence)
            body["details"]["errors"] = [{"field": "messages", "message": sentence}]
            return json_response(400, body)
        return None

    return Intercept(app, on_request=on_request)


def lenient_where_mem0_is_silent(body: dict[str, Any]) -> None:
    """Looser than the kit where Mem0 is silent: any output_format or version (Mem0 declares no
    enum; the unknown ones read as the default) and messages without a role (read as user)."""
    for name in ("output_format", "version"):
        value = body.get(name)
        if isinstance(value, str) and value not in ("v1.0", "v1.1", "v1", "v2"):
            del body[name]
    for message in body.get("messages") or []:
        if isinstance(message, dict) and "role" not in message and "content" in message:
            message["role"] = "user"


def _bearer_add(app: ASGIApp, key: str) -> ASGIApp:
    """The add wants `Bearer <key>` (ping is happy with Token): a wrong auth scheme."""

    def on_request(request: Request) -> Response | None:
        if not request.is_add:
            return None
        header = request.headers.get("authorization", "")
        if header == f"Bearer {key}":
            request.headers["authorization"] = f"Token {key}"
            return None
        detail = json.dumps({"detail": "Authentication credentials were not provided."})
        return Response(401, {"content-type": "application/json"}, detail.encode())

    return Intercept(app, on_request=on_request)


LEVEL_BROKEN: tuple[Broken, ...] = (
    Broken(
        "crash-blank-content",
        "500 on whitespace-only content",
        "rule 6",
        crash_on_blank_content,
    ),
    Broken(
        "crash-control-event-id",
        "500 on control characters in an event id",
        "schema: not_a_server_error",
        crash_on_control_event_id,
    ),
    Broken(
        "add-not-routed",
        "POST /v1/memories/ 404 (not routed)",
        "required operation",
        add_not_routed,
    ),
    Broken(
        "add-wants-bearer",
        "the add refuses Token, wants Bearer",
        "authentication scheme",
        _bearer_add,
    ),
    Broken(
        "stricter-where-mem0-is-silent",
        "blank content refused (kit: valid; Mem0: silent)",
        "rule 6",
        refuse_blank_content,
    ),
    Broken(
        "looser-where-mem0-is-silent",
        "output_format v2.0, version v9, no role accepted",
        "rule 6",
        on_add_body(lenient_where_mem0_is_silent),
    ),
    Broken(
        "ping-without-user-email",
        "ping lacks user_email (no client reads it)",
        "ping",
        ping_without("user_email"),  # no client reads it
    ),
)

# The lowest conformance level each one's finding breaks (contracts/levels.py).
LEVEL_OF = {
    "crash-blank-content": "works-with-clients",
    "crash-control-event-id": "documented",
    "add-not-routed": "works-with-clients",
    "add-wants-bearer": "works-with-clients",
    "stricter-where-mem0-is-silent": "strict",
    "looser-where-mem0-is-silent": "strict",
    "ping-without-user-email": "strict",
}
