"""The inspection API under /_mock/, outside the contract (described in mockserver/inspection.yaml).

Tests and frontends use it to see what was sent and what the mock remembers, and to start over.
It needs no key: the mock is a local development tool bound to 127.0.0.1 by default.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mockserver.errors import FieldError, JSONValueResponse, error_response
from mockserver.http.routing import AnyMethod
from mockserver.state.mock_state import MockState

__all__ = ["INSPECTION_SPEC_PATH", "inspection_routes"]

INSPECTION_SPEC_PATH = Path(__file__).resolve().with_name("inspection.yaml")

Endpoint = Callable[[Request], Awaitable[Response]]


def inspection_routes(state: MockState) -> list[BaseRoute]:
    pages: dict[str, tuple[str, Callable[[MockState, Request], Response]]] = {
        "/_mock/health": ("GET", _health),
        "/_mock/journal": ("GET", _journal),
        "/_mock/memories": ("GET", _memories),
        "/_mock/reset": ("POST", _reset),
        "/_mock/openapi.yaml": ("GET", _spec),
    }
    return [
        Route(path, AnyMethod(_endpoint(state, method, page)))
        for path, (method, page) in pages.items()
    ]


def _endpoint(
    state: MockState, method: str, page: Callable[[MockState, Request], Response]
) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        if request.method != method:
            return error_response(
                405,
                f"Method {request.method} is not allowed on {request.url.path}; use {method}.",
                headers={"Allow": method},
            )
        return page(state, request)

    return endpoint


def _bad_query(name: str, rule: str) -> Response:
    return error_response(400, f"{name}: {rule}.", (FieldError(name, rule),))


def _unknown_params(request: Request, valid: tuple[str, ...]) -> Response | None:
    unknown = sorted(set(request.query_params) - set(valid))
    if not unknown:
        return None
    rule = f"is not a known parameter; use {', '.join(valid) or 'none'}"
    return _bad_query(unknown[0], rule)


def _health(state: MockState, request: Request) -> Response:
    return _unknown_params(request, ()) or JSONValueResponse(
        {
            "status": "ok",
            "seed": state.settings.seed,
            "scopes": len(state.store.scopes),
            "memories": state.store.memory_count(),
            "requests": state.journal.total,
        }
    )


def _journal(state: MockState, request: Request) -> Response:
    problem = _unknown_params(request, ("limit",))
    if problem:
        return problem
    raw = request.query_params.get("limit")
    if raw is not None and (not raw.isdigit() or int(raw) < 1):
        return _bad_query("limit", "must be a whole number of at least 1")
    entries = state.journal.entries(int(raw) if raw else None)
    return JSONValueResponse({"entries": [entry.as_json() for entry in entries]})


def _memories(state: MockState, request: Request) -> Response:
    problem = _unknown_params(request, state.scope_names)
    if problem:
        return problem
    # A parameter given empty matches scopes where that id is absent.
    wanted = {name: value or None for name, value in request.query_params.items()}
    found: list[dict[str, Any]] = []
    for key, memory in state.store.iter_memories():
        scope = dict(zip(state.scope_names, key, strict=True))
        if any(scope[name] != value for name, value in wanted.items()):
            continue
        found.append(
            {
                "id": memory.id,
                "memory": memory.memory,
                "scope": scope,
                "subject": memory.subject,
                "categories": list(memory.categories),
                "metadata": memory.metadata,
                "immutable": memory.immutable,
                "expiration_date": (
                    memory.expiration_date.isoformat() if memory.expiration_date else None
                ),
            }
        )
    return JSONValueResponse({"memories": found})


def _reset(state: MockState, request: Request) -> Response:
    del request
    state.reset()
    return JSONValueResponse({"status": "reset"})


def _spec(state: MockState, request: Request) -> Response:
    del state, request
    return Response(INSPECTION_SPEC_PATH.read_bytes(), media_type="application/yaml")
