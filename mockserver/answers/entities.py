"""The entities that hold memories: `GET /v1/entities/`, `DELETE /v2/entities/{type}/{id}/`, and
`DELETE /v1/memories/` (every memory of the entities named in its query).

An entity is one value of one entity id in the key's project (`user` alex, `agent` travel-bot);
its memories are those of every scope that names it, alone or with other ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anyio

from mockserver.answers.changes import delete_memories
from mockserver.answers.reading import equal_ids_predicate, off_loop, query_entity_ids, tenant
from mockserver.answers.registry import answers
from mockserver.answers.rejection import reject
from mockserver.answers.views import entity_ids, page_of
from mockserver.http.messages import Incoming, Reply
from mockserver.state.ids import derive_id

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["PAUSE_EVERY", "delete_entity", "delete_memories_of", "list_entities"]

PAUSE_EVERY = 2_000  # memories deleted between two turns of the event loop


@answers("listEntities")
async def list_entities(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    return await off_loop(state, lambda: _list_entities(state, request))


def _list_entities(state: MockState, request: Incoming) -> Reply:
    owner = tenant(state, request.query_params())
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for key, scope in list(state.store.scopes.items()):
        if key[:2] != owner or not scope.memories:
            continue
        first = min(m.created_at for m in scope.memories)
        last = max(m.updated_at for m in scope.memories)
        for kind, field in state.entity_fields.items():
            name = entity_ids(state, key).get(field)
            if name is None:
                continue
            entry = entities.get((kind, name))
            if entry is None:
                entity_id = derive_id(state.settings.seed, "entity", (*owner, kind), 0, name)
                entry = entities[(kind, name)] = {
                    "id": entity_id, "name": name, "type": kind, "total_memories": 0,
                    "created_at": first, "updated_at": last,
                }  # fmt: skip
            entry["total_memories"] += len(scope.memories)
            entry["created_at"] = min(entry["created_at"], first)
            entry["updated_at"] = max(entry["updated_at"], last)
    listed = [
        {**e, "created_at": e["created_at"].isoformat(), "updated_at": e["updated_at"].isoformat()}
        for e in entities.values()
    ]
    return Reply(page_of(request, listed, request.params))


@answers("deleteEntity")
async def delete_entity(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    kind, name = request.path_params["entity_type"], request.path_params["entity_id"]
    deleted = await _delete_where(
        state, tenant(state, request.query_params()), {state.entity_fields[kind]: name}
    )
    if not deleted:
        reject(404, f"No {kind} {name!r} holds memories in this project.")
    return Reply({"message": "Entity deleted successfully!"})


@answers("deleteMemories")
async def delete_memories_of(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    ids = query_entity_ids(state, request, "deleteMemories", " (user_id=* deletes every user's)")
    await _delete_where(state, tenant(state, request.query_params()), ids)
    return Reply({"message": "Memories deleted successfully!"})


async def _delete_where(state: MockState, owner: tuple[str, str], ids: dict[str, str]) -> int:
    """Delete every memory of the scopes the ids name, a scope at a time (`delete_memories`
    waits for a scope's running add), serving other clients between scopes once PAUSE_EVERY
    memories were deleted (a user's 10,000 scopes would otherwise hold the loop for seconds)."""
    holds = equal_ids_predicate(ids)
    deleted = since_pause = 0
    for key, scope in list(state.store.scopes.items()):
        if key[:2] != owner or not scope.memories:
            continue
        if not holds(entity_ids(state, key), scope.memories[0]):
            continue
        count = await delete_memories(state, key, scope, {m.id for m in scope.memories})
        deleted += count
        since_pause += count
        if since_pause >= PAUSE_EVERY:
            since_pause = 0
            await anyio.sleep(0)
    return deleted
