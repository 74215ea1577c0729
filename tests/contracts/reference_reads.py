"""The reference server's reads: get, list (v1, v2, v3), search (v1, v2, v3) and history.

Written apart from the mock, from the contract alone: a read of a scope shows the memories whose
scope ids agree with every id it names; v2/v3 take the ids in `filters` (one id, or an `AND` of
them), v1 at the top level or in the query. Search scores by the share of the query's words a
memory holds; `threshold` and `top_k` apply.

Only as much as rules 8-11 read with: filters other than entity ids (`categories`, dates,
`OR`, `NOT`) are refused with a 400, which the schema layer would rightly flag, so whole-plan
runs use `create_app()` without reads and the read routes are judged by the rule checks alone.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mem0spec import bundled
from tests.contracts.reference import Memory, Store

SCOPE_FIELDS = bundled().scope_fields()
Wanted = dict[str, str]


def _view(scope: tuple[Any, ...], memory: Memory, run_name: str) -> dict[str, Any]:
    ids = dict(zip(SCOPE_FIELDS, scope[2:], strict=True))
    return {
        "id": memory.id,
        "memory": memory.text,
        "user_id": ids["user_id"],
        "agent_id": ids["agent_id"],
        "app_id": ids["app_id"],
        run_name: ids["run_id"],
        "metadata": None,
        "categories": [],
        "immutable": memory.immutable,
        "created_at": memory.created_at,
        "updated_at": memory.updated_at,
    }


def _matching(store: Store, wanted: Wanted) -> list[tuple[tuple[Any, ...], Memory]]:
    found = []
    for scope, memories in store.scopes.items():
        ids = dict(zip(SCOPE_FIELDS, scope[2:], strict=True))
        if all(ids.get(name) == value for name, value in wanted.items()):
            found += [(scope, memory) for memory in memories]
    return sorted(found, key=lambda item: item[1].created_at)


def _filters(filters: Any) -> Wanted | None:
    """The entity ids a `filters` object names (one id, or an AND of ids); None otherwise."""
    if not isinstance(filters, dict):
        return None
    parts = filters["AND"] if set(filters) == {"AND"} else [filters]
    wanted: Wanted = {}
    for part in parts if isinstance(parts, list) else []:
        if not isinstance(part, dict) or not set(part) <= set(SCOPE_FIELDS):
            return None
        if not all(isinstance(value, str) and value for value in part.values()):
            return None
        wanted.update(part)
    return wanted or None


def _score(query: str, text: str) -> float:
    words = set(re.findall(r"\w+", query.casefold()))
    held = set(re.findall(r"\w+", text.casefold()))
    return round(len(words & held) / len(words), 4) if words else 0.0


def read_routes(
    store: Store,
    authorized: Callable[[Request], bool],
    error: Callable[..., Response],
) -> list[Route]:
    async def body_of(request: Request) -> Any:
        try:
            return json.loads(await request.body())
        except ValueError:
            return None

    def page(request: Request, items: list[dict[str, Any]]) -> Response:
        given = [request.query_params.get(n, d) for n, d in (("page_size", "100"), ("page", "1"))]
        if not all(value.isdigit() and int(value) > 0 for value in given):
            return error(400, "page, page_size: positive integers.", [("page", "an integer")])
        size, number = int(given[0]), int(given[1])
        chunk = items[(number - 1) * size : number * size]
        more = number * size < len(items)
        following = str(request.url.include_query_params(page=number + 1)) if more else None
        return JSONResponse(
            {"count": len(items), "next": following, "previous": None, "results": chunk}
        )

    async def list_v1(request: Request) -> Response:
        if not authorized(request):
            return error(401, "Invalid API key.")
        wanted = {n: v for n, v in request.query_params.items() if n in SCOPE_FIELDS and v}
        if not wanted:
            return error(400, "user_id: one entity id is required.", [("user_id", "required")])
        found = _matching(store, wanted)
        return page(request, [_view(s, m, "run_id") for s, m in found])

    def list_v2(run_name: str) -> Callable[[Request], Any]:
        async def answer(request: Request) -> Response:
            if not authorized(request):
                return error(401, "Invalid API key.")
            body = await body_of(request)
            wanted = _filters(body.get("filters")) if isinstance(body, dict) else None
            if wanted is None:
                return error(400, "filters: must name an entity id.", [("filters", "required")])
            return page(request, [_view(s, m, run_name) for s, m in _matching(store, wanted)])

        return answer

    def search(version: int) -> Callable[[Request], Any]:
        run_name = "session_id" if version == 2 else "run_id"

        async def answer(request: Request) -> Response:
            if not authorized(request):
                return error(401, "Invalid API key.")
            body = await body_of(request)
            if not isinstance(body, dict) or not isinstance(body.get("query"), str):
                return error(400, "query: required.", [("query", "required")])
            if version == 1:
                wanted = {n: body[n] for n in SCOPE_FIELDS if isinstance(body.get(n), str)} or None
            else:
                wanted = _filters(body.get("filters"))
            if not wanted:
                return error(400, "filters: must name an entity id.", [("filters", "required")])
            threshold = float(body.get("threshold", 0.3 if version < 3 else 0.1))
            hits = []
            for scope, memory in _matching(store, wanted):
                score = _score(body["query"], memory.text)
                if score >= threshold and score > 0:
                    hit = {**_view(scope, memory, run_name), "score": score}
                    if version == 3:
                        hit["score_breakdown"] = {"semantic": score, "bm25": score, "entity": 1.0}
                    hits.append(hit)
            hits.sort(key=lambda hit: -hit["score"])
            hits = hits[: int(body.get("top_k", 10))]
            return JSONResponse({"results": hits} if version == 3 else hits)

        return answer

    def by_id(request: Request) -> tuple[str, Response | None]:
        memory_id = request.path_params["memory_id"]
        if not authorized(request):
            return memory_id, error(401, "Invalid API key.")
        try:
            uuid.UUID(memory_id)
        except ValueError:
            return memory_id, error(400, "memory_id: must be a UUID.", [("memory_id", "a UUID")])
        return memory_id, None

    async def get(request: Request) -> Response:
        memory_id, refused = by_id(request)
        if refused is not None:
            return refused
        scope, memory = store.where.get(memory_id, (None, None))
        if scope is None or memory is None or memory not in store.scopes[scope]:
            return error(404, f"No memory with id {memory_id!r}.")
        return JSONResponse(_view(scope, memory, "run_id"))

    async def history(request: Request) -> Response:
        memory_id, refused = by_id(request)
        if refused is not None:
            return refused
        if memory_id not in store.history:
            return error(404, f"No memory with id {memory_id!r}.")
        scope = store.where[memory_id][0]
        ids = dict(zip(SCOPE_FIELDS, scope[2:], strict=True))
        run = ids.pop("run_id")
        rows = [{**row, **ids, "session_id": run} for row in store.history[memory_id]]
        return JSONResponse(rows)

    return [
        Route("/v1/memories/", list_v1, methods=["GET"]),
        Route("/v2/memories/", list_v2("session_id"), methods=["POST"]),
        Route("/v3/memories/", list_v2("session_id"), methods=["POST"]),
        Route("/v1/memories/search/", search(1), methods=["POST"]),
        Route("/v2/memories/search/", search(2), methods=["POST"]),
        Route("/v3/memories/search/", search(3), methods=["POST"]),
        Route("/v1/memories/{memory_id}/", get, methods=["GET"]),
        Route("/v1/memories/{memory_id}/history/", history, methods=["GET"]),
    ]
