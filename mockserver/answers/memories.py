"""`POST /v1/memories/`: reconcile a conversation with its scope's memories, answer the events.

The answer's shape follows `output_format` (v1.0 a bare list, v1.1 `{"results": [...]}`) and
`async_mode` (the events, or a queue item whose event id `GET /v1/event/{id}/` resolves).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from mockserver.answers.registry import answers
from mockserver.http.envelope import error_reply
from mockserver.http.messages import Incoming, Reply
from mockserver.memory.model import AddOptions, MemoryEvent, StoredMemory
from mockserver.memory.reconcile import apply_add
from mockserver.state.store import EventRecord, ScopeKey, ScopeMemories, StoreFull
from mockserver.validation.wording import FieldError

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["OFFLOAD_MESSAGES", "QUEUED_MESSAGE", "add_memories"]

QUEUED_MESSAGE = "Memory processing has been queued for background execution"
# How deep a memory's metadata may nest: it is stored and shown again (by /_mock/memories and the
# journal, inside their own objects), and JSON nested ~1,000 deep can be read but not written back.
MAX_METADATA_DEPTH = 64
# Adds with more messages are reconciled in a worker thread (see mockserver/state/scope_locks.py).
OFFLOAD_MESSAGES = 100


@answers("addMemories")
async def add_memories(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    if _nested_deeper(body.get("metadata"), MAX_METADATA_DEPTH):
        rule = f"must be nested at most {MAX_METADATA_DEPTH} levels deep"
        detail = f"metadata: {rule} (the mock keeps and shows it again)."
        return error_reply(413, detail, (FieldError("metadata", rule),))
    settings = state.settings
    key = state.scope_key(body)
    options = _options(state, body)
    if settings.stateless:
        scope = ScopeMemories()
    else:
        try:
            state.store.check_room(sum(len(m["content"]) for m in body["messages"]))
            scope = state.store.scope(key)
        except StoreFull as full:
            window = state.limiter.forced()
            return error_reply(429, str(full), headers=window.throttled_headers())
    messages = body["messages"]

    def new_id(text: str) -> str:
        return state.store.new_memory_id(key, scope, text)

    large = len(messages) > OFFLOAD_MESSAGES
    if not large and not state.scope_locks.busy(key):
        outcome = apply_add(scope.memories, messages, options, new_id)
        return _answer(state, body, key, scope, outcome)
    async with state.scope_locks.hold(key):
        if large:  # only the pure reconciliation leaves the loop; the store is touched here
            outcome = await anyio.to_thread.run_sync(
                apply_add, scope.memories, messages, options, new_id
            )
        else:
            outcome = apply_add(scope.memories, messages, options, new_id)
        return _answer(state, body, key, scope, outcome)


def _nested_deeper(value: Any, limit: int) -> bool:
    """Whether objects and lists nest more than `limit` levels deep in `value` (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        if children and depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _value(state: MockState, body: Mapping[str, Any], name: str) -> Any:
    """A body field, its declared default when absent or null."""
    value = body.get(name)
    return state.add_defaults.get(name) if value is None else value


def _options(state: MockState, body: Mapping[str, Any]) -> AddOptions:
    expiration = body.get("expiration_date")
    return AddOptions(
        infer=_value(state, body, "infer"),
        includes=body.get("includes"),
        excludes=body.get("excludes"),
        immutable=_value(state, body, "immutable"),
        expiration_date=datetime.date.fromisoformat(expiration) if expiration else None,
        custom_categories=_categories(body.get("custom_categories")),
        metadata=body.get("metadata"),
        today=state.settings.current_date(),
    )


def _categories(value: Any) -> dict[str, str] | None:
    """Both request forms of custom_categories as one dict (later names win)."""
    if value is None:
        return None
    merged: dict[str, str] = {}
    for mapping in value if isinstance(value, list) else [value]:
        merged.update(mapping)
    return merged


def _v11(event: MemoryEvent) -> dict[str, Any]:
    item: dict[str, Any] = {"id": event.id, "memory": event.memory, "event": event.event}
    if event.event == "UPDATE":
        item["previous_memory"] = event.previous_memory
    return item


def _v10(event: MemoryEvent) -> dict[str, Any]:
    return {"id": event.id, "data": {"memory": event.memory}, "event": event.event}


def _answer(
    state: MockState,
    body: Any,
    key: ScopeKey,
    scope: ScopeMemories,
    outcome: tuple[list[MemoryEvent], list[StoredMemory]],
) -> Reply:
    """Keep the reconciliation's outcome in the scope and shape the answer."""
    events, after = outcome
    if not state.settings.stateless:
        state.store.keep(scope, after)
    v11_format = _value(state, body, "output_format") != state.add_defaults.get("output_format")
    if _value(state, body, "async_mode"):
        texts = json.dumps([m.get("content") for m in body["messages"]], ensure_ascii=False)
        event_id = state.store.new_event_id(key, scope, texts)
        results = tuple(_v11(event) for event in events)
        state.store.add_event(EventRecord(event_id, key, "SUCCEEDED", results))
        items: list[dict[str, Any]] = [
            {"message": QUEUED_MESSAGE, "status": "PENDING", "event_id": event_id}
        ]
    else:
        items = [(_v11 if v11_format else _v10)(event) for event in events]
    return Reply({"results": items} if v11_format else items)
