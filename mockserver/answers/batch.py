"""`PUT` and `DELETE /v1/batch/`: up to 1,000 memories changed or deleted in one call.

All or nothing: every id is looked up (404) and, for an update, checked mutable (400) before
anything changes, so a refused batch leaves the store as it was.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from mockserver.answers.adding import OFFLOAD_CHARS
from mockserver.answers.by_id import not_found
from mockserver.answers.changes import (
    UNSET,
    Change,
    changed_rows,
    delete_memories,
    text_topics,
    update_memories,
)
from mockserver.answers.large import LARGE_ANSWER
from mockserver.answers.reading import tenant
from mockserver.answers.registry import answers
from mockserver.answers.rejection import reject
from mockserver.http.messages import Incoming, Reply
from mockserver.state.store import ScopeKey, ScopeMemories
from mockserver.validation.wording import FieldError

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["batch_delete", "batch_update"]


def _located(
    state: MockState, body: Any, *, mutable: bool
) -> list[tuple[ScopeKey, ScopeMemories, str]]:
    owner = tenant(state, body)
    located = []
    for index, item in enumerate(body["memories"]):
        memory_id = item["memory_id"]
        found = state.store.locate(memory_id)
        if found is None or found[0][:2] != owner:
            reject(
                404,
                not_found(memory_id),
                (FieldError(f"memories[{index}].memory_id", "names no memory of this project"),),
            )
        key, scope, position = found
        if mutable and scope.memories[position].immutable:
            rule = "names an immutable memory, which cannot be updated"
            reject(
                400,
                f"memories[{index}].memory_id: {rule}; nothing was changed.",
                (FieldError(f"memories[{index}].memory_id", rule),),
            )
        located.append((key, scope, memory_id))
    return located


@answers("batchUpdateMemories")
async def batch_update(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    scopes = {key for key, _, _ in _located(state, body, mutable=True)}
    large = len(body["memories"]) > LARGE_ANSWER
    held = scopes if large else [key for key in scopes if state.scope_locks.busy(key)]
    if not held:
        return await _update_all(state, body, large=False)
    # After the adds of these scopes running in worker threads; a large batch also keeps them
    # from starting while it computes its changes in a thread of its own.
    async with contextlib.AsyncExitStack() as stack:
        for key in sorted(held, key=repr):  # one order for every batch: no two wait on each other
            await stack.enter_async_context(state.scope_locks.hold(key))
        return await _update_all(state, body, large=large)


async def _update_all(state: MockState, body: Any, *, large: bool) -> Reply:
    located = _located(state, body, mutable=True)
    texts = list(
        dict.fromkeys(t for item in body["memories"] if (t := item.get("text")) is not None)
    )
    if sum(map(len, texts)) > OFFLOAD_CHARS:  # reading long texts for topics takes a while
        topics = await anyio.to_thread.run_sync(_topics, texts)
    else:
        topics = _topics(texts)
    # One store write per scope, each change with its own instant in the batch's order.
    by_scope: dict[ScopeKey, tuple[ScopeMemories, list[Change]]] = {}
    for (key, scope, memory_id), item in zip(located, body["memories"], strict=True):
        change = Change(
            memory_id, state.store.clock.now(), item.get("text"), item.get("metadata", UNSET)
        )
        by_scope.setdefault(key, (scope, []))[1].append(change)
    for key, (scope, changes) in by_scope.items():
        if not large:
            update_memories(state, key, scope, changes, topics)
            continue
        memories, _, rows = await anyio.to_thread.run_sync(
            changed_rows, state, key, scope, changes, topics
        )
        state.store.keep(key, scope, memories)
        state.store.record_history(key, scope, rows)
    return Reply({"message": f"Successfully updated {len(located)} memories"})


def _topics(texts: list[str]) -> dict[str, frozenset[str]]:
    return {text: text_topics(text) for text in texts}


@answers("batchDeleteMemories")
async def batch_delete(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    by_scope: dict[ScopeKey, tuple[ScopeMemories, set[str]]] = {}
    for key, scope, memory_id in _located(state, body, mutable=False):
        by_scope.setdefault(key, (scope, set()))[1].add(memory_id)
    # One pass per scope, not per id: a batch of 1,000 in a large scope stays linear.
    deleted = 0
    for key, (scope, ids) in by_scope.items():
        deleted += await delete_memories(state, key, scope, ids)
    return Reply({"message": f"Successfully deleted {deleted} memories"})
