"""`GET /v1/event/{event_id}/` and `GET /v1/events/`: queued adds and their outcomes
(`mockserver/state/event_queue.py` does the work)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.answers.large import large_reply
from mockserver.answers.reading import tenant
from mockserver.answers.registry import answers
from mockserver.answers.views import event_view, page_of
from mockserver.http.envelope import error_reply
from mockserver.http.messages import Incoming, Reply

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["get_event", "list_events"]


@answers("getEvent")
async def get_event(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    event_id = request.path_params["event_id"]
    record = state.store.events.get(event_id)
    if record is None:
        return error_reply(404, f"No event with id {event_id!r} in this project.")
    return await large_reply(len(record.results), lambda: event_view(record))


@answers("listEvents")
async def list_events(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    owner = tenant(state, request.query_params())
    newest_first = [r for r in reversed(state.store.events.values()) if r.scope[:2] == owner]
    return Reply(page_of(request, newest_first, request.params, event_view))
