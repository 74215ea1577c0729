"""`create_app(settings)`: the mock as a Starlette ASGI app.

Routes come from openapi.yaml's paths (each served with and without its trailing slash, since
Starlette would otherwise answer the bare path with a 307), plus /_mock/ for inspection. Middleware,
outermost first: CORS (when origins are configured), then a guard that turns any unhandled
exception into the contract's 500 envelope and records it for `MockServer.check()`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.errors import JSONValueResponse, error_response
from mockserver.handlers import Call, answer
from mockserver.inspection import inspection_routes
from mockserver.journal import JournalEntry
from mockserver.routing import AnyMethod
from mockserver.settings import Settings
from mockserver.state import MockState, build_state
from mockserver.validation import Operation

__all__ = ["create_app", "state_of"]

log = logging.getLogger("mockserver")

# Headers a browser page may read from the mock's answers.
EXPOSED_HEADERS = (
    "Retry-After",
    "WWW-Authenticate",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Request-Id",
)


def create_app(settings: Settings | None = None) -> Starlette:
    """The mock as an ASGI app, for uvicorn or in-process use with `httpx.ASGITransport`.

    Example:
        >>> import httpx
        >>> app = create_app(Settings(seed=1))
        >>> transport = httpx.ASGITransport(app=app)  # then httpx.AsyncClient(transport=...)
    """
    state = build_state(settings or Settings())
    routes: list[BaseRoute] = []
    for path, operations in _operations_by_path(state).items():
        endpoint = AnyMethod(_contract_endpoint(state, operations))
        routes += [Route(path, endpoint), Route(path.rstrip("/"), endpoint)]
    if state.settings.inspection:
        routes += inspection_routes(state)
    # Every other path: 404 in the envelope (also stops Starlette's 307 slash redirects).
    routes.append(Route("/{path:path}", AnyMethod(_not_found_endpoint(state))))
    middleware = []
    if state.settings.cors_origins:
        middleware.append(
            Middleware(
                _EnvelopeCORSMiddleware,
                allow_origins=list(state.settings.cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["*"],
                expose_headers=list(EXPOSED_HEADERS),
                max_age=600,
            )
        )
    middleware.append(Middleware(_Guard, state=state))
    app = Starlette(routes=routes, middleware=middleware)
    # Requests no route can match (e.g. `OPTIONS *`) get the envelope too, not plain text.
    app.router.default = AnyMethod(_not_found_endpoint(state))
    app.state.mock = state
    return app


def state_of(app: Any) -> MockState:
    """The `MockState` behind an app made by `create_app` (settings, store, journal, errors)."""
    state: MockState = app.state.mock
    return state


def _operations_by_path(state: MockState) -> dict[str, list[Operation]]:
    by_path: dict[str, list[Operation]] = {}
    for operation in state.contract.operations.values():
        by_path.setdefault(operation.path, []).append(operation)
    return by_path


def _contract_endpoint(
    state: MockState, operations: list[Operation]
) -> Callable[[Request], Awaitable[Response]]:
    by_method = {operation.method.upper(): operation for operation in operations}
    allow = ", ".join(sorted(by_method))

    async def endpoint(request: Request) -> Response:
        call = Call()
        operation = by_method.get(request.method)
        if operation is None:
            response = error_response(
                405,
                f"Method {request.method} is not allowed on {operations[0].path}; use {allow}.",
                headers={"Allow": allow},
            )
        else:
            response = await answer(state, operation, request, call)
        return _journaled(state, request, call, response)

    return endpoint


def _not_found_endpoint(state: MockState) -> Callable[[Request], Awaitable[Response]]:
    served = ", ".join(
        f"{op.method.upper()} {op.path}" for op in state.contract.operations.values()
    )

    async def endpoint(request: Request) -> Response:
        response = error_response(
            404, f"No such path: {request.url.path}. The mock serves {served} and /_mock/."
        )
        return _journaled(state, request, Call(), response)

    return endpoint


def _journaled(
    state: MockState, request: Request, call: Call, response: JSONValueResponse
) -> Response:
    seq = state.journal.next_seq()
    response.headers["X-Request-Id"] = str(seq)
    state.journal.record(
        JournalEntry(
            seq=seq,
            method=request.method,
            # Straight from the ASGI scope: building request.url costs more than the rest of this.
            path=request.scope["path"],
            query=request.scope["query_string"].decode("latin-1"),
            headers=tuple(request.scope["headers"]),
            body=call.body,
            status=response.status_code,
            response=response.value,
            size=call.body_size + len(response.body),
        )
    )
    return response


class _EnvelopeCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with refused preflights answered in the contract's envelope."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        detail = f"{bytes(response.body).decode()}: this origin, method or header is not allowed."
        headers = {k: v for k, v in response.headers.items() if k.startswith("access-control-")}
        return error_response(response.status_code, detail, headers=headers)


class _Guard:
    """No traceback ever reaches a client: unhandled errors become the contract's 500 envelope and
    are recorded in `state.errors` (MockServer.check() raises them in the test)."""

    def __init__(self, app: ASGIApp, state: MockState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except ClientDisconnect:
            return  # the client hung up mid-request: nobody to answer, nothing went wrong
        except Exception as error:
            self.state.errors.append(error)
            log.exception("unhandled error while serving %s %s", scope["method"], scope["path"])
            if not started:
                response = error_response(
                    500, "The mock failed to process the request; see its log for the error."
                )
                await response(scope, receive, send)
