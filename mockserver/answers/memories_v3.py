"""`POST /v3/memories/add/`: what today's official clients call to add.

v3 only ADDs (`supersede`: a changed or retracted fact supersedes the old memory, which keeps its
text and names its successor in `replaced_by`), exact repeats are dropped silently, and
`infer: true` adds are queued (`PENDING`, done by the event queue); `infer: false` adds are stored
at once and answered with their events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.answers.adding import AddRefused, add_options, prepare, reconcile
from mockserver.answers.large import large_reply
from mockserver.answers.memories import QUEUED_MESSAGE, queue_add, v10_item
from mockserver.answers.registry import answers
from mockserver.http.messages import Incoming, Reply

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["STORED_MESSAGE", "add_memories_v3"]

STORED_MESSAGE = "Memories stored successfully"


@answers("addMemoriesV3")
async def add_memories_v3(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    add = prepare(state, body)
    if isinstance(add, Reply):
        return add
    defaults = state.body_defaults["addMemoriesV3"]
    infer = body.get("infer")
    if infer is None:
        infer = defaults.get("infer")
    if infer:
        event_id = queue_add(state, add, body, defaults, supersede=True)
        return Reply({"message": QUEUED_MESSAGE, "status": "PENDING", "event_id": event_id})
    options = add_options(state, body, defaults, supersede=True)
    try:
        events = await reconcile(state, add, options)
    except AddRefused as refused:
        return refused.reply
    texts = "\x1f".join(event.id for event in events)
    event_id = state.store.new_event_id(add.key, add.scope, texts)
    return await large_reply(
        len(events),
        lambda: {
            "message": STORED_MESSAGE,
            "status": "SUCCEEDED",
            "event_id": event_id,
            "results": [v10_item(event) for event in events],
        },
    )
