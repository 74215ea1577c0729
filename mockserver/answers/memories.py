"""`POST /v1/memories/`: reconcile a conversation with its scope's memories, answer the events.

The answer's shape follows `output_format` (v1.0 a bare list, v1.1 `{"results": [...]}`) and
`async_mode` (the events, or a queue item whose event id `GET /v1/event/{id}/` resolves; the
work is done by the event queue, `mockserver/state/event_queue.py`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mockserver.answers.adding import Add, AddRefused, add_options, prepare, reconcile
from mockserver.answers.large import large_reply, shaped
from mockserver.answers.registry import answers
from mockserver.answers.views import entity_ids
from mockserver.http.messages import Incoming, Reply
from mockserver.memory.model import MemoryEvent
from mockserver.state.event_queue import WorkFailed
from mockserver.state.store import EventRecord

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["QUEUED_MESSAGE", "add_memories", "v10_item", "v11_item"]

QUEUED_MESSAGE = "Memory processing has been queued for background execution"


@answers("addMemories")
async def add_memories(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    add = prepare(state, body)
    if isinstance(add, Reply):
        return add
    defaults = state.add_defaults
    v11_format = _value(body, defaults, "output_format") != defaults.get("output_format")
    if _value(body, defaults, "async_mode"):
        event_id = queue_add(state, add, body, defaults, supersede=False)
        items: list[dict[str, Any]] = [
            {"message": QUEUED_MESSAGE, "status": "PENDING", "event_id": event_id}
        ]
    else:
        options = add_options(state, body, defaults, supersede=False)
        try:
            events = await reconcile(state, add, options)
        except AddRefused as refused:
            return refused.reply
        item = v11_item if v11_format else v10_item

        def answer() -> Any:
            items = [item(event) for event in events]
            return {"results": items} if v11_format else items

        return await large_reply(len(events), answer)
    return Reply({"results": items} if v11_format else items)


def queue_add(
    state: MockState, add: Add, body: Any, defaults: dict[str, Any], *, supersede: bool
) -> str:
    """Queue the add's work; the id of its event."""
    texts = json.dumps([m.get("content") for m in add.messages], ensure_ascii=False)
    event_id = state.store.new_event_id(add.key, add.scope, texts)

    ids = entity_ids(state, add.key)

    async def work() -> tuple[dict[str, Any], ...]:
        options = add_options(state, body, defaults, supersede=supersede)
        try:
            events = await reconcile(state, add, options)
        except AddRefused as refused:
            raise WorkFailed(refused.detail) from None
        return await shaped(len(events), lambda: tuple(event_item(e, ids) for e in events))

    now = state.store.clock.now()
    record = EventRecord(event_id, add.key, "PENDING", (), now, now)
    state.queue.enqueue(record, work, add.room.release if add.room is not None else None)
    return event_id


def _value(body: Any, defaults: dict[str, Any], name: str) -> Any:
    """A body field, its declared default when absent or null."""
    value = body.get(name)
    return defaults.get(name) if value is None else value


def v11_item(event: MemoryEvent) -> dict[str, Any]:
    item: dict[str, Any] = {"id": event.id, "memory": event.memory, "event": event.event}
    if event.event == "UPDATE":
        item["previous_memory"] = event.previous_memory
    return item


def event_item(event: MemoryEvent, ids: dict[str, str | None]) -> dict[str, Any]:
    """An event of a queued add as `GET /v1/event/{id}/` lists it: the v1.1 item, and what
    mem0-cli reads of it (`data.memory` and the entity ids)."""
    return {**v11_item(event), "data": {"memory": event.memory}, **ids}


def v10_item(event: MemoryEvent) -> dict[str, Any]:
    return {"id": event.id, "data": {"memory": event.memory}, "event": event.event}
