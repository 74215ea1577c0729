"""`create_app(settings)`: the mock as an ASGI app.

The contract's operations are served by `ContractDispatch` straight from the ASGI scope (the hot
path); everything else (/_mock/ inspection, 404s for unknown paths, lifespan) by a Starlette app
behind it. CORS (when origins are configured) wraps both. Any unhandled exception becomes the
contract's 500 envelope and is recorded for `MockServer.check()`: the dispatcher catches its own,
a guard inside the Starlette app the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers, State
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.answers.pipeline import Call
from mockserver.errors import error_response
from mockserver.http.inspection import inspection_routes
from mockserver.http.messages import error_reply, send_encoded
from mockserver.http.router import ContractDispatch, crash_reply, journaled
from mockserver.http.routing import AnyMethod
from mockserver.settings import Settings
from mockserver.state.mock_state import MockState, build_state

__all__ = ["MockApp", "create_app", "state_of"]

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


class MockApp:
    """The mock's ASGI callable: `settings`, the `errors` it recorded, and `reset()`."""

    def __init__(self, state: MockState, app: ASGIApp) -> None:
        self.state = State({"mock": state})
        self._app = app

    @property
    def settings(self) -> Settings:
        """What this app was built from."""
        return self.state.mock.settings  # type: ignore[no-any-return]

    @property
    def errors(self) -> list[BaseException]:
        """Unhandled exceptions raised while serving (each also answered with a 500 envelope),
        oldest first; a test harness pops them to raise them in the test (`MockServer.check()`)."""
        return self.state.mock.errors  # type: ignore[no-any-return]

    def reset(self) -> None:
        """Back to the start state: the fixture's memories only, an empty journal (the same as
        `POST /_mock/reset`)."""
        self.state.mock.reset()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


def create_app(settings: Settings | None = None) -> MockApp:
    """The mock as an ASGI app, for uvicorn or in-process use with `httpx.ASGITransport`.

    Example:
        >>> import httpx
        >>> app = create_app(Settings(seed=1))
        >>> transport = httpx.ASGITransport(app=app)  # then httpx.AsyncClient(transport=...)
    """
    state = build_state(settings or Settings())
    routes: list[BaseRoute] = inspection_routes(state) if state.settings.inspection else []
    # Every other path: 404 in the envelope (also stops Starlette's 307 slash redirects).
    routes.append(Route("/{path:path}", AnyMethod(_not_found_endpoint(state))))
    # The guard sits inside Starlette's own error middleware, which would answer in plain text.
    rest = Starlette(routes=routes, middleware=[Middleware(_Guard, state=state)])
    # Requests no route can match (e.g. `OPTIONS *`) get the envelope too, not plain text.
    rest.router.default = AnyMethod(_not_found_endpoint(state))
    app: ASGIApp = ContractDispatch(state, rest)  # it guards its own requests the same way
    if state.settings.cors_origins:
        app = _EnvelopeCORSMiddleware(
            app,
            allow_origins=list(state.settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=list(EXPOSED_HEADERS),
            max_age=600,
        )
    return MockApp(state, app)


def state_of(app: Any) -> MockState:
    """The `MockState` behind an app made by `create_app` (settings, store, journal, errors)."""
    state: MockState = app.state.mock
    return state


def _not_found_endpoint(state: MockState) -> Callable[[Request], Awaitable[Response]]:
    served = ", ".join(
        f"{op.method.upper()} {op.path}" for op in state.contract.operations.values()
    )

    async def endpoint(request: Request) -> Response:
        reply = error_reply(
            404, f"No such path: {request.url.path}. The mock serves {served} and /_mock/."
        )
        body, headers = journaled(state, request.scope, Call(), reply)
        response = Response(body, reply.status)
        response.raw_headers = headers
        return response

    return endpoint


class _EnvelopeCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with refused preflights answered in the contract's envelope.

    A request without an Origin header (curl, server-side clients, load tools) only gets the
    `Vary: Origin` Starlette would add, without its per-response header rewriting."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(name == b"origin" for name, _ in scope["headers"]):
            await super().__call__(scope, receive, send)
            return

        async def vary_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if b"vary" in [name.lower() for name, _ in headers]:
                    await super(_EnvelopeCORSMiddleware, self).send(message, send, Headers())
                    return
                headers.append((b"vary", b"Origin"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, vary_send)

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        detail = f"{bytes(response.body).decode()}: this origin, method or header is not allowed."
        headers = {k: v for k, v in response.headers.items() if k.startswith("access-control-")}
        return error_response(response.status_code, detail, headers=headers)


class _Guard:
    """No traceback ever reaches a client of the Starlette routes: unhandled errors become the
    contract's 500 envelope, recorded in `state.errors` (`crash_reply`)."""

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
            reply = crash_reply(self.state, scope, error)
            if not started:
                await send_encoded(send, reply.status, *reply.encode())
