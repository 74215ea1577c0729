"""CORS for browser pages: Starlette's middleware, with refused preflights in the contract's
envelope, and nothing but `Vary: Origin` added to requests that carry no Origin.

The contract's paths and `/_mock/` have separate origin lists (`cors_origins`, open to every
origin by default, and `inspection_origins`, none by default): the inspection API shows every
request body and stored memory, so only the mock's own pages and origins named for it may read it.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.http.envelope import error_reply
from mockserver.http.router import route_path

__all__ = ["EXPOSED_HEADERS", "EnvelopeCORSMiddleware", "SplitCORS", "is_inspection_path"]

# Headers a browser page may read from the mock's answers.
EXPOSED_HEADERS = (
    "Retry-After",
    "WWW-Authenticate",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Request-Id",
)


class EnvelopeCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with refused preflights answered in the contract's envelope.

    A request without an Origin header (curl, server-side clients, load tools) only gets the
    `Vary: Origin` Starlette would add, without its per-response header rewriting."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...], methods: tuple[str, ...]) -> None:
        # `methods`: every method of the contract's operations (a page adds, searches, updates
        # and deletes), read from openapi.yaml by the app.
        super().__init__(
            app,
            allow_origins=list(origins),
            allow_methods=sorted({*methods, "OPTIONS"}),
            allow_headers=["*"],
            expose_headers=list(EXPOSED_HEADERS),
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(name == b"origin" for name, _ in scope["headers"]):
            await super().__call__(scope, receive, send)
            return

        async def vary_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if b"vary" in [name.lower() for name, _ in headers]:
                    await super(EnvelopeCORSMiddleware, self).send(message, send, Headers())
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
        body, _ = error_reply(response.status_code, detail).encode()
        return Response(body, response.status_code, headers, media_type="application/json")


def is_inspection_path(scope: Scope) -> bool:
    """Whether the request is for the inspection API (`/_mock` and below, under any mount)."""
    path = route_path(scope)
    return path == "/_mock" or path.startswith("/_mock/")


class SplitCORS:
    """The contract's paths through one CORS app, `/_mock/` through another (each may be the
    bare router: no CORS at all, so a browser lets no other origin read the answer)."""

    def __init__(self, contract: ASGIApp, inspection: ASGIApp) -> None:
        self._contract = contract
        self._inspection = inspection

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_inspection_path(scope):
            await self._inspection(scope, receive, send)
        else:
            await self._contract(scope, receive, send)
