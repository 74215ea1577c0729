"""What every add does, v1 or v3, synchronous or queued: check what the store can take, reconcile
the conversation with the scope's memories, keep the outcome and write each change's history row.

`memories.py` (v1) and `memories_v3.py` (v3) only choose the options and shape the answer.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from mockserver.http.envelope import error_reply
from mockserver.http.messages import Reply
from mockserver.memory.model import AddOptions, HistoryRow, MemoryEvent, StoredMemory
from mockserver.memory.reconcile import apply_add
from mockserver.state.store import ScopeKey, ScopeMemories, StoreFull
from mockserver.validation.wording import FieldError

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["MAX_METADATA_DEPTH", "OFFLOAD_MESSAGES", "Add", "add_options", "prepare", "reconcile"]

# How deep a memory's metadata may nest: it is stored and shown again (by /_mock/memories and the
# journal, inside their own objects), and JSON nested ~1,000 deep can be read but not written back.
MAX_METADATA_DEPTH = 64
# Adds with more messages are reconciled in a worker thread (see mockserver/state/scope_locks.py).
OFFLOAD_MESSAGES = 100


@dataclasses.dataclass(frozen=True)
class Add:
    """An add that the store has room for: its scope and the conversation."""

    key: ScopeKey
    scope: ScopeMemories
    messages: Sequence[Mapping[str, Any]]


def prepare(state: MockState, body: Mapping[str, Any]) -> Add | Reply:
    """The add's scope, or the refusal: metadata too deep (413), the store full (429)."""
    if _nested_deeper(body.get("metadata"), MAX_METADATA_DEPTH):
        rule = f"must be nested at most {MAX_METADATA_DEPTH} levels deep"
        detail = f"metadata: {rule} (the mock keeps and shows it again)."
        return error_reply(413, detail, (FieldError("metadata", rule),))
    key = state.scope_key(body)
    messages = body["messages"]
    if state.settings.stateless:
        return Add(key, ScopeMemories(), messages)
    try:
        state.store.check_room(sum(len(m["content"]) for m in messages))
        scope = state.store.scope(key)
    except StoreFull as full:
        window = state.limiter.forced()
        return error_reply(429, str(full), headers=window.throttled_headers())
    return Add(key, scope, messages)


def add_options(
    state: MockState, body: Mapping[str, Any], defaults: Mapping[str, Any], *, supersede: bool
) -> AddOptions:
    def value(name: str) -> Any:
        given = body.get(name)
        return defaults.get(name) if given is None else given

    expiration = body.get("expiration_date")
    return AddOptions(
        infer=value("infer"),
        includes=body.get("includes"),
        excludes=body.get("excludes"),
        immutable=value("immutable"),
        expiration_date=datetime.date.fromisoformat(expiration) if expiration else None,
        custom_categories=_categories(body.get("custom_categories")),
        metadata=body.get("metadata"),
        today=state.settings.current_date(),
        now=state.store.clock.now(),
        supersede=supersede,
    )


async def reconcile(state: MockState, add: Add, options: AddOptions) -> list[MemoryEvent]:
    """Reconcile, keep the outcome and its history; the events, in the order they happened.

    A scope's adds run one at a time in arrival order; a large one leaves the event loop (only
    the pure reconciliation: the store is touched here, on the loop)."""
    large = len(add.messages) > OFFLOAD_MESSAGES
    if not large and not state.scope_locks.busy(add.key):
        return _keep(state, add, options, _apply(state, add, options))
    async with state.scope_locks.hold(add.key):
        if large:
            outcome = await anyio.to_thread.run_sync(_apply, state, add, options)
        else:
            outcome = _apply(state, add, options)
        return _keep(state, add, options, outcome)


def _apply(
    state: MockState, add: Add, options: AddOptions
) -> tuple[list[MemoryEvent], list[StoredMemory]]:
    def new_id(text: str) -> str:
        return state.store.new_memory_id(add.key, add.scope, text)

    return apply_add(add.scope.memories, add.messages, options, new_id)


def _keep(
    state: MockState,
    add: Add,
    options: AddOptions,
    outcome: tuple[list[MemoryEvent], list[StoredMemory]],
) -> list[MemoryEvent]:
    events, after = outcome
    if state.settings.stateless:
        return events
    store = state.store
    store.keep(add.key, add.scope, after)
    if events:
        inputs = tuple({"role": m.get("role"), "content": m.get("content")} for m in add.messages)
        rows = []
        for event in events:
            found = add.scope.position(event.id)
            memory = add.scope.memories[found] if found is not None else None
            rows.append(
                HistoryRow(
                    id=store.new_history_id(add.key, add.scope, event.id),
                    memory_id=event.id,
                    event=event.event,
                    old_memory=event.previous_memory
                    if event.event == "UPDATE"
                    else (event.memory if event.event == "DELETE" else None),
                    new_memory=None if event.event == "DELETE" else event.memory,
                    input=inputs,
                    categories=memory.categories if memory is not None else (),
                    metadata=memory.metadata if memory is not None else options.metadata,
                    created_at=options.now,
                )
            )
        store.record_history(add.key, add.scope, rows)
    return events


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


def _categories(value: Any) -> dict[str, str] | None:
    """Both request forms of custom_categories as one dict (later names win)."""
    if value is None:
        return None
    merged: dict[str, str] = {}
    for mapping in value if isinstance(value, list) else [value]:
        merged.update(mapping)
    return merged
