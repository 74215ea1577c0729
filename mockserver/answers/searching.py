"""`POST /v1|v2|v3/memories/search/`: a scope's memories ranked against a query.

The scope: v1 names it at the top level like an add (entity ids equal to the given ones, the
others unconstrained; `filters` may narrow it further), v2 and v3 in `filters` (which must name
an entity id; v3 refuses top-level ids through its schema). Ranking: `mockserver/memory/search.py`
(`docs/SEARCH.md`). v1 and v2 answer a bare array (v2 names the run `session_id`), v3
`{"results": [...]}` with each hit's `score_breakdown`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mockserver.answers.reading import (
    Found,
    equal_ids_predicate,
    filter_predicate,
    found_memories,
    off_loop,
    tenant,
)
from mockserver.answers.registry import answers
from mockserver.answers.views import entity_ids, memory_view
from mockserver.http.messages import Incoming, Reply
from mockserver.memory.search import search
from mockserver.state.store import ScopeKey

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["search_memories_v1", "search_memories_v2", "search_memories_v3"]


@answers("searchMemoriesV1")
async def search_memories_v1(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    return await off_loop(state, lambda: _search_v1(state, body))


def _search_v1(state: MockState, body: Any) -> Reply:
    ids = {name: body[name] for name in state.scope_fields if body.get(name)}
    predicate = equal_ids_predicate(ids)
    if body.get("filters") is not None:
        narrowed = filter_predicate(state, body["filters"], require_entity=False)
        scope_only = predicate

        def predicate(scope: Mapping[str, str | None], memory: Any) -> bool:
            return scope_only(scope, memory) and narrowed(scope, memory)

    hits = _ranked(
        state,
        body,
        "searchMemoriesV1",
        found_memories(
            state, tenant(state, body), predicate, show_expired=bool(body.get("show_expired"))
        ),
    )
    return Reply([_hit(state, found, score, None, "run_id") for found, score, _ in hits])


@answers("searchMemoriesV2")
async def search_memories_v2(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    return await off_loop(state, lambda: _search_v2(state, body))


def _search_v2(state: MockState, body: Any) -> Reply:
    hits = _ranked(state, body, "searchMemoriesV2", _by_filters(state, body))
    return Reply([_hit(state, found, score, None, "session_id") for found, score, _ in hits])


@answers("searchMemoriesV3")
async def search_memories_v3(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    return await off_loop(state, lambda: _search_v3(state, body))


def _search_v3(state: MockState, body: Any) -> Reply:
    hits = _ranked(state, body, "searchMemoriesV3", _by_filters(state, body))
    return Reply(
        {"results": [_hit(state, found, score, parts, "run_id") for found, score, parts in hits]}
    )


def _by_filters(state: MockState, body: Any) -> list[Found]:
    predicate = filter_predicate(state, body["filters"], require_entity=True)
    return found_memories(
        state,
        tenant(state, body),
        predicate,
        show_expired=bool(body.get("show_expired")),
        latest_only=bool(body.get("latest_only")),
        ordered=False,  # the search orders its hits itself
    )


def _ranked(
    state: MockState, body: Any, operation_id: str, found: list[Found]
) -> list[tuple[Found, float, Mapping[str, float]]]:
    defaults = state.body_defaults[operation_id]
    top_k = body.get("top_k")
    if top_k is None:  # 0.1.x clients may say `limit`, which no schema bounds: used when sane
        limit = body.get("limit")
        sane = isinstance(limit, int) and not isinstance(limit, bool) and 1 <= limit <= 1000
        top_k = limit if sane else defaults["top_k"]
    threshold = body.get("threshold")
    if threshold is None:
        threshold = defaults["threshold"]
    by_id = {memory.id: (key, memory) for key, memory in found}
    # One ids mapping per scope, shared by its memories (search keeps per-scope work by it).
    scopes: dict[ScopeKey, dict[str, str | None]] = {}
    candidates = [
        (scopes.get(key) or scopes.setdefault(key, entity_ids(state, key)), memory)
        for key, memory in found
    ]
    hits = search(body["query"], candidates, top_k=int(top_k), threshold=float(threshold))
    return [(by_id[hit.memory.id], hit.score, hit.breakdown) for hit in hits]


def _hit(
    state: MockState,
    found: Found,
    score: float,
    breakdown: Mapping[str, float] | None,
    run_name: str,
) -> dict[str, Any]:
    view = memory_view(state, *found, run_name)
    view["score"] = score
    if breakdown is not None:
        view["score_breakdown"] = dict(breakdown)
    return view
