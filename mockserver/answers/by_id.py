"""`GET`, `PUT`, `DELETE /v1/memories/{memory_id}/` and its history: one memory, by its id.

A memory is found in whichever scope of the key's project holds it; an id the project does not
hold is a 404 that says so (the official clients raise their "not found" error on it). An
immutable memory refuses `PUT` with a 400: Mem0 calls such memories unchangeable, and a test that
updates one should learn it at once (delete it and add a new one instead).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from mockserver.answers.changes import UNSET, delete_memories, linked_ids, update_memory
from mockserver.answers.large import large_reply
from mockserver.answers.reading import tenant
from mockserver.answers.registry import answers
from mockserver.answers.rejection import reject
from mockserver.answers.views import history_view, memory_view
from mockserver.http.messages import Incoming, Reply
from mockserver.state.store import ScopeKey, ScopeMemories
from mockserver.validation.wording import FieldError

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["delete_memory", "get_memory", "get_memory_history", "update_memory_by_id"]

DELETED_MESSAGE = "Memory deleted successfully!"


def not_found(memory_id: str) -> str:
    return f"No memory with id {memory_id!r} in this project."


def locate(state: MockState, request: Incoming) -> tuple[ScopeKey, ScopeMemories, int]:
    memory_id = request.path_params["memory_id"]
    found = state.store.locate(memory_id)
    if found is None or found[0][:2] != tenant(state, request.query_params()):
        reject(404, not_found(memory_id))
    return found


@answers("getMemory")
async def get_memory(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    key, scope, position = locate(state, request)
    return Reply(memory_view(state, key, scope.memories[position]))


@answers("updateMemory")
async def update_memory_by_id(state: MockState, request: Incoming, body: Any) -> Reply:
    key, _, _ = locate(state, request)
    if not state.scope_locks.busy(key):
        return _update(state, request, body)
    # An add of this scope runs in a worker thread: change the memory after it, as it left it.
    async with state.scope_locks.hold(key):
        return _update(state, request, body)


def _update(state: MockState, request: Incoming, body: Any) -> Reply:
    key, scope, position = locate(state, request)
    memory = scope.memories[position]
    if memory.immutable:
        rule = "names an immutable memory, which cannot be updated"
        reject(
            400,
            f"Memory {memory.id} is immutable and cannot be updated; delete it and add a new one.",
            (FieldError("memory_id", rule),),
        )
    expiration: Any = UNSET
    if "expiration_date" in body:
        given = body["expiration_date"]
        expiration = datetime.date.fromisoformat(given) if given else None
    changed = update_memory(
        state,
        key,
        scope,
        position,
        text=body.get("text"),
        metadata=body.get("metadata", UNSET),
        expiration_date=expiration,
    )
    return Reply(memory_view(state, key, changed))


@answers("deleteMemory")
async def delete_memory(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    key, scope, position = locate(state, request)
    memory_id = scope.memories[position].id
    ids = linked_ids(scope, memory_id) if request.params.get("delete_linked") else {memory_id}
    deleted = await delete_memories(state, key, scope, ids)
    answer: dict[str, Any] = {"message": DELETED_MESSAGE}
    if request.params.get("delete_linked"):
        answer["cascade_count"] = deleted - 1
    return Reply(answer)


@answers("getMemoryHistory")
async def get_memory_history(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    memory_id = request.path_params["memory_id"]
    found = state.store.history_of(memory_id)
    if found is None or found[0][:2] != tenant(state, request.query_params()):
        reject(404, not_found(memory_id))
    key, rows = found
    return await large_reply(len(rows), lambda: [history_view(state, key, row) for row in rows])
