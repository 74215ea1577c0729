"""`GET /v1/ping/`: who the key belongs to (the official clients call it when they start)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.answers.registry import answers
from mockserver.http.messages import Incoming, Reply

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["ping"]


@answers("ping")
async def ping(state: MockState, request: Incoming, body: Any) -> Reply:
    del request, body
    settings = state.settings
    return Reply(
        {
            "status": "ok",
            "org_id": settings.org_id,
            "project_id": settings.project_id,
            "user_email": settings.user_email,
        }
    )
