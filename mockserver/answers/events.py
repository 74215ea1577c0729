"""`GET /v1/event/{event_id}/`: the outcome of a queued add."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.answers.registry import answers
from mockserver.http.envelope import error_reply
from mockserver.http.messages import Incoming, Reply

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["get_event"]


@answers("getEvent")
async def get_event(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    event_id = request.path_params["event_id"]
    record = state.store.events.get(event_id)
    if record is None:
        return error_reply(404, f"No event with id {event_id!r} in this project.")
    return Reply({"id": record.id, "status": record.status, "results": list(record.results)})
