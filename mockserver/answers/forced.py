"""Exactly the documented error for a forced status (`Prefer: code=N`, `--force-status N`),
with the headers the contract requires for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.http.envelope import error_reply
from mockserver.http.messages import Incoming, Reply
from mockserver.validation.auth import SCHEME

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["forced_reply"]


def forced_reply(state: MockState, request: Incoming, status: int) -> Reply:
    """Every documented error reads the same on every operation that documents it."""
    limit = state.settings.max_body_bytes
    content_type = request.headers.get("content-type", "")
    details = {
        400: ("The request was rejected, as asked (Prefer: code=400 or --force-status).", {}),
        401: ("Invalid API key.", {"WWW-Authenticate": SCHEME}),
        404: (f"No event with id {request.path_params.get('event_id', '')!r} in this project.", {}),
        413: (f"The request body is larger than {limit} bytes.", {}),
        415: (f"Content-Type must be application/json, not {content_type!r}.", {}),
        500: ("The server failed to process the request.", {}),
        503: ("The service is temporarily unavailable.", {"Retry-After": "1"}),
    }
    if status == 429:
        window = state.limiter.forced()
        return error_reply(429, window.detail, headers=window.throttled_headers())
    detail, headers = details.get(status, (f"The mock answered {status} as asked.", {}))
    return error_reply(status, detail, headers=headers)
