"""`PUT` and `DELETE /v1/batch/`: up to 1,000 memories changed or deleted in one call.

All or nothing: every id is looked up (404) and, for an update, checked mutable (400) before
anything changes, so a refused batch leaves the store as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.answers.by_id import not_found
from mockserver.answers.changes import UNSET, delete_memories, update_memory
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
    located = _located(state, body, mutable=True)
    for (key, scope, memory_id), item in zip(located, body["memories"], strict=True):
        position = scope.position(memory_id)
        if position is None:  # listed twice and ... still there: positions are rebuilt per change
            continue
        update_memory(
            state,
            key,
            scope,
            position,
            text=item.get("text"),
            metadata=item.get("metadata", UNSET),
        )
    return Reply({"message": f"Successfully updated {len(located)} memories"})


@answers("batchDeleteMemories")
async def batch_delete(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    by_scope: dict[ScopeKey, tuple[ScopeMemories, set[str]]] = {}
    for key, scope, memory_id in _located(state, body, mutable=False):
        by_scope.setdefault(key, (scope, set()))[1].add(memory_id)
    # One pass per scope, not per id: a batch of 1,000 in a large scope stays linear.
    deleted = sum(delete_memories(state, key, scope, ids) for key, (scope, ids) in by_scope.items())
    return Reply({"message": f"Successfully deleted {deleted} memories"})
