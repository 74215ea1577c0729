"""The contract's one error envelope; every non-200 answer of the mock is built here.

`{"error": "<status line>", "detail": "<sentence>", "details": {"message": ..., "errors": [...]}}`,
the status line worded as the contract's own examples word it (`413 Payload Too Large`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mem0spec import bundled
from mockserver.http.messages import Reply
from mockserver.validation.wording import FieldError

__all__ = ["error_body", "error_reply"]


def error_body(status: int, detail: str, errors: Sequence[FieldError] = ()) -> dict[str, Any]:
    details: dict[str, Any] = {"message": detail}
    if errors:
        details["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    return {"error": bundled().status_line(status), "detail": detail, "details": details}


def error_reply(
    status: int,
    detail: str,
    errors: Sequence[FieldError] = (),
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """The envelope as a `Reply`."""
    return Reply(error_body(status, detail, errors), status, dict(headers or {}))
