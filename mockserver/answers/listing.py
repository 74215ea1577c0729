"""`GET /v1/memories/`, `POST /v2/memories/`, `POST /v3/memories/`: a scope's memories, oldest
first, a page at a time.

v1 names the scope in the query (entity ids equal to the given ones; the others unconstrained),
v2 and v3 in `filters` (Mem0's grammar; it must name an entity id). v3 refuses top-level entity
ids (the schema says so); v2 ignores them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.answers.reading import (
    equal_ids_predicate,
    filter_predicate,
    found_memories,
    off_loop,
    query_entity_ids,
    tenant,
)
from mockserver.answers.registry import answers
from mockserver.answers.views import memory_view, page_of
from mockserver.http.messages import Incoming, Reply

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["list_memories_v1", "list_memories_v2", "list_memories_v3"]


@answers("listMemoriesV1")
async def list_memories_v1(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    return await off_loop(state, lambda: _list_v1(state, request))


def _list_v1(state: MockState, request: Incoming) -> Reply:
    ids = query_entity_ids(state, request, "listMemoriesV1")
    query = request.query_params()
    found = found_memories(
        state,
        tenant(state, query),
        equal_ids_predicate(ids),
        show_expired=bool(request.params.get("show_expired")),
    )
    return Reply(page_of(request, found, request.params, lambda f: memory_view(state, f[0], f[1])))


@answers("listMemoriesV2")
async def list_memories_v2(state: MockState, request: Incoming, body: Any) -> Reply:
    return await off_loop(state, lambda: _by_filters(state, request, body))


@answers("listMemoriesV3")
async def list_memories_v3(state: MockState, request: Incoming, body: Any) -> Reply:
    return await off_loop(state, lambda: _by_filters(state, request, body))


def _by_filters(state: MockState, request: Incoming, body: Any) -> Reply:
    predicate = filter_predicate(state, body["filters"], require_entity=True)
    found = found_memories(
        state,
        tenant(state, body),
        predicate,
        show_expired=bool(body.get("show_expired")),
        latest_only=bool(body.get("latest_only")),
    )
    return Reply(
        page_of(
            request, found, request.params, lambda f: memory_view(state, f[0], f[1], "session_id")
        )
    )
