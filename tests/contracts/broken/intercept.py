"""An ASGI wrapper that lets a broken server change one thing about a correct one.

`Intercept(app, on_request=..., on_response=...)` buffers each HTTP exchange: `on_request` may
rewrite the request (or answer it alone), `on_response` may rewrite the answer. Everything else
passes through untouched, so each broken server differs from the correct one in exactly one way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ASGIApp = Callable[..., Any]


class _JSONBody:
    body: bytes

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass
class Request(_JSONBody):
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def set_json(self, value: Any) -> None:
        self.body = json.dumps(value).encode()
        self.headers["content-length"] = str(len(self.body))

    @property
    def is_add(self) -> bool:
        return self.method == "POST" and self.path.endswith("/v1/memories/")


@dataclass
class Response(_JSONBody):
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def set_json(self, value: Any) -> None:
        self.body = json.dumps(value).encode()
        self.headers["content-type"] = "application/json"


def json_response(status: int, value: Any, **headers: str) -> Response:
    response = Response(status, dict(headers))
    response.set_json(value)
    return response


def envelope(status: int, phrase: str, sentence: str) -> dict[str, Any]:
    return {"error": f"{status} {phrase}", "detail": sentence, "details": {"message": sentence}}


OnRequest = Callable[[Request], Response | None]
OnResponse = Callable[[Request, Response], Response]


class Intercept:
    def __init__(
        self,
        app: ASGIApp,
        on_request: OnRequest | None = None,
        on_response: OnResponse | None = None,
    ) -> None:
        self.app = app
        self.on_request = on_request
        self.on_response = on_response

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = Request(scope["method"], scope["path"], headers, b"".join(chunks))
        answer = self.on_request(request) if self.on_request else None
        if answer is None:
            answer = await self._call_inner(scope, request)
            if self.on_response is not None:
                answer = self.on_response(request, answer)
        answer.headers["content-length"] = str(len(answer.body))
        await send(
            {
                "type": "http.response.start",
                "status": answer.status,
                "headers": [
                    (k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer.body})

    async def _call_inner(self, scope: dict[str, Any], request: Request) -> Response:
        inner_scope = dict(scope)
        inner_scope["headers"] = [
            (k.encode("latin-1"), v.encode("latin-1")) for k, v in request.headers.items()
        ]
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": request.body, "more_body": False}

        response = Response(500)
        parts: list[bytes] = []

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                response.status = message["status"]
                for key, value in message.get("headers", []):
                    response.headers[key.decode("latin-1").lower()] = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self.app(inner_scope, receive, send)
        response.body = b"".join(parts)
        response.headers.pop("content-length", None)
        return response
