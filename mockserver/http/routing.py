"""Routing helpers shared by the contract and inspection endpoints."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import request_response
from starlette.types import Receive, Scope, Send

__all__ = ["AnyMethod"]


class AnyMethod:
    """An endpoint that receives every HTTP method, so it can answer 405 in the contract's envelope
    (Starlette routes a plain function for GET only and answers other methods in plain text)."""

    def __init__(self, endpoint: Callable[[Request], Awaitable[Response]]) -> None:
        self._app = request_response(endpoint)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)
