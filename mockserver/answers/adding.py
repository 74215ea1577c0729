"""What every add does, v1 or v3, synchronous or queued: check what the store can take, reconcile
the conversation with the scope's memories, keep the outcome and write each change's history row.

No add holds the event loop: one whose reconciliation may take more than a few milliseconds (many
messages, many characters or a large scope) is reconciled in a worker thread, history rows
included; the loop only stores the outcome. Its retractions' work is bounded by
`--max-add-checks` (413 past it), and what it stores by `--max-store-chars` (429).

`memories.py` (v1) and `memories_v3.py` (v3) only choose the options and shape the answer.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from mockserver.http.envelope import error_reply
from mockserver.http.messages import Reply
from mockserver.memory.model import AddOptions, HistoryRow, MemoryEvent, StoredMemory, id_of
from mockserver.memory.reconcile import AddTooCostly, apply_add
from mockserver.state.store import Room, ScopeKey, ScopeMemories, StoreFull
from mockserver.validation.wording import FieldError

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = [
    "MAX_METADATA_DEPTH",
    "OFFLOAD_CHARS",
    "OFFLOAD_MEMORIES",
    "OFFLOAD_MESSAGES",
    "Add",
    "AddRefused",
    "add_options",
    "prepare",
    "reconcile",
]

# How deep a memory's metadata may nest: it is stored and shown again (by /_mock/memories and the
# journal, inside their own objects), and JSON nested ~1,000 deep can be read but not written back.
MAX_METADATA_DEPTH = 64
# An add past any of these is reconciled in a worker thread (mockserver/state/scope_locks.py keeps
# a scope's adds in order). At the bounds an add holds the loop a few milliseconds (best of 5 on
# the loaded 2-core machine: 2,000 characters of facts 4 ms, a tiny add to 2,000 memories 5 ms).
OFFLOAD_MESSAGES = 20
OFFLOAD_CHARS = 2_000
OFFLOAD_MEMORIES = 1_000


class AddRefused(Exception):
    """The add cannot be done; `reply` says why (its retractions would cost too much)."""

    def __init__(self, reply: Reply, detail: str) -> None:
        super().__init__(detail)
        self.reply = reply
        self.detail = detail


@dataclasses.dataclass(frozen=True)
class Add:
    """An add that the store has room for: its scope, the conversation and the room it holds
    (released once its outcome is kept, or it is refused)."""

    key: ScopeKey
    scope: ScopeMemories
    messages: Sequence[Mapping[str, Any]]
    room: Room | None = None
    chars: int = 0


def prepare(state: MockState, body: Mapping[str, Any]) -> Add | Reply:
    """The add's scope, or the refusal: metadata too deep (413), the store full (429)."""
    if _nested_deeper(body.get("metadata"), MAX_METADATA_DEPTH):
        rule = f"must be nested at most {MAX_METADATA_DEPTH} levels deep"
        detail = f"metadata: {rule} (the mock keeps and shows it again)."
        return error_reply(413, detail, (FieldError("metadata", rule),))
    key = state.scope_key(body)
    messages = body["messages"]
    chars = sum(len(m["content"]) for m in messages)
    if state.settings.stateless:
        return Add(key, ScopeMemories(), messages, chars=chars)
    room = None
    try:
        room = state.store.check_room(chars)
        scope = state.store.scope(key)
    except StoreFull as full:
        if room is not None:
            room.release()
        window = state.limiter.forced()
        return error_reply(429, str(full), headers=window.throttled_headers())
    return Add(key, scope, messages, room, chars)


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
    `AddRefused` (nothing kept) when its retractions would look at too many memories.

    A scope's adds run one at a time in arrival order; a large one leaves the event loop (the
    pure reconciliation and its history rows: the store is written here, on the loop)."""
    try:
        large = (
            len(add.messages) > OFFLOAD_MESSAGES
            or add.chars > OFFLOAD_CHARS
            or len(add.scope.memories) > OFFLOAD_MEMORIES
        )
        if not large and not state.scope_locks.busy(add.key):
            return _keep(state, add, _apply(state, add, options))
        async with state.scope_locks.hold(add.key):
            if large:
                outcome = await anyio.to_thread.run_sync(_apply, state, add, options)
            else:
                outcome = _apply(state, add, options)
            return _keep(state, add, outcome)
    finally:
        if add.room is not None:
            add.room.release()


_Outcome = tuple[list[MemoryEvent], list[StoredMemory], list[HistoryRow]]


def _apply(state: MockState, add: Add, options: AddOptions) -> _Outcome:
    """Pure but for the scope's id counters (the scope's lock or the loop keeps them in order)."""

    def new_id(text: str) -> str:
        return state.store.new_memory_id(add.key, add.scope, text)

    limit = state.settings.max_add_checks
    try:
        events, after = apply_add(
            add.scope.memories, add.messages, options, new_id, max_checks=limit
        )
    except AddTooCostly:
        rule = f"its retractions would look at more than {limit} memories"
        detail = (
            f"messages: {rule} (--max-add-checks); send fewer retractions per add or start the "
            "mock with a larger --max-add-checks."
        )
        reply = error_reply(413, detail, (FieldError("messages", rule),))
        raise AddRefused(reply, detail) from None
    if state.settings.stateless or not events:
        return events, after, []
    return events, after, _history(state, add, options, events, after)


def _history(
    state: MockState,
    add: Add,
    options: AddOptions,
    events: list[MemoryEvent],
    after: list[StoredMemory],
) -> list[HistoryRow]:
    """Each event's history row, but for the memories added whose rows the scope's history would
    forget at once (`2 * max_memories_per_scope` newer memories were added after them); their
    row ids are drawn all the same, so every later id is what it would have been."""
    store = state.store
    kept = 2 * store.max_memories_per_scope
    adds_after = sum(event.event == "ADD" for event in events)
    tail = after[-store.max_memories_per_scope :]
    newest = dict(zip(map(id_of, tail), tail, strict=True))  # in C: the scope may hold 10,000
    inputs = json.dumps(
        [{"role": m.get("role"), "content": m.get("content")} for m in add.messages],
        separators=(",", ":"),
    ).encode("ascii")  # ensure_ascii: a lone surrogate is an escape, not an encoding error
    rows = []
    for event in events:
        if event.event == "ADD":
            adds_after -= 1
            if adds_after >= kept:
                store.new_history_id(add.key, add.scope, event.id)
                continue
        memory = newest.get(event.id)
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
    return rows


def _keep(state: MockState, add: Add, outcome: _Outcome) -> list[MemoryEvent]:
    """Store the outcome (on the loop); nothing when a reset dropped the scope meanwhile."""
    events, after, rows = outcome
    if state.settings.stateless:
        return events
    if state.store.keep(add.key, add.scope, after) and rows:
        state.store.record_history(add.key, add.scope, rows)
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
