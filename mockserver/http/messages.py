"""One request and its answer, as the mock's operations see them: no framework in between.

`Incoming` reads the ASGI scope directly (headers decoded once, the body streamed on demand, so a
401 never reads it); `Reply` is what to answer with (a JSON value, or bytes of another media type),
its status and its headers, encoded only when sent. These are the mock's one request type and one
response type, for the contract's operations and the /_mock/ inspection API alike: Starlette's
request and response objects cost more per request than an add's own work does (bench/ANALYSIS.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope, Send

from mockserver.http.codec import json_bytes

__all__ = ["ClientDisconnect", "Incoming", "Reply", "send_encoded"]


class Incoming:
    """A request: method, path, query, headers, path parameters and the body."""

    __slots__ = (
        "_receive",
        "headers",
        "method",
        "params",
        "path",
        "path_params",
        "query",
        "raw_headers",
    )

    def __init__(self, scope: Scope, receive: Receive, path_params: Mapping[str, str]) -> None:
        self._receive = receive
        self.method: str = scope["method"]
        self.path: str = scope["path"]
        self.query: str = scope["query_string"].decode("latin-1")
        self.path_params = path_params
        # The query parameters the operation declares, typed and defaulted (the pipeline's
        # parameter gate fills them in; answers read them here).
        self.params: dict[str, Any] = {}
        self.raw_headers: Sequence[tuple[bytes, bytes]] = scope["headers"]
        # Names arrive lower-cased (ASGI); a repeated header keeps its first value, as Starlette's
        # `Headers.get` does.
        headers: dict[str, str] = {}
        for name, value in reversed(self.raw_headers):
            headers[name.decode("latin-1")] = value.decode("latin-1")
        self.headers = headers

    def header_values(self, name: str) -> list[str]:
        """Every value of a header that may repeat (Prefer), in the order sent."""
        raw = name.encode("latin-1")
        return [value.decode("latin-1") for key, value in self.raw_headers if key == raw]

    def query_params(self) -> dict[str, str]:
        """The query's parameters (the last value of a repeated one, blank values kept)."""
        return dict(parse_qsl(self.query, keep_blank_values=True))

    async def body(self, limit: int) -> bytes | None:
        """The whole body, or None as soon as it passes `limit` bytes (the rest is left unread);
        `ClientDisconnect` if the client hangs up first."""
        message = await self._receive()
        chunks: list[bytes] = []
        size = 0
        while True:
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            if not message.get("more_body", False):
                if not chunks:
                    return chunk  # the usual case: the whole body in one message
                chunks.append(chunk)
                return b"".join(chunks)
            chunks.append(chunk)
            message = await self._receive()


@dataclasses.dataclass(slots=True)
class Reply:
    """What to answer: a JSON value (or bytes of `media_type`), encoded once, when it is sent."""

    value: Any
    status: int = 200
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    media_type: str = "application/json"

    def encode(self) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """The body and the raw response headers (names lower-cased, as Starlette sends them)."""
        body = self.value if isinstance(self.value, bytes) else json_bytes(self.value)
        raw = [
            (b"content-type", self.media_type.encode("latin-1")),
            (b"content-length", b"%d" % len(body)),
        ]
        raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()]
        return body, raw


async def send_encoded(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    """An encoded `Reply` (see `Reply.encode`) sent as the two ASGI response messages."""
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
