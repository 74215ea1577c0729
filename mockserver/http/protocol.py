"""uvicorn's HTTP/1.1 protocols, answering requests they cannot parse in the contract's envelope.

Malformed requests (a bad request line, invalid headers) never reach the app: uvicorn answers them
itself with a text/plain 400. These subclasses keep uvicorn's behaviour (400, then close) and only
change the body to the contract's `Error` JSON. `envelope_protocol()` picks httptools (C parser,
what `uvicorn --http auto` picks too) when it is installed, else the pure-Python h11.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from mockserver.http.codec import json_bytes
from mockserver.http.envelope import error_body

__all__ = ["EnvelopeH11Protocol", "envelope_protocol"]


def _envelope(msg: str) -> bytes:
    return json_bytes(error_body(400, f"The request is not valid HTTP/1.1: {msg}"))


class EnvelopeH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        body = _envelope(msg)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def envelope_protocol() -> type[asyncio.Protocol]:
    """The fastest installed protocol class, with the envelope for unparseable requests."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # httptools is optional: h11 is always there
        return EnvelopeH11Protocol

    class EnvelopeHttpToolsProtocol(HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:
            body = _envelope(msg)
            content = [b"HTTP/1.1 400 Bad Request\r\n"]
            for name, value in self.server_state.default_headers:
                content.extend([name, b": ", value, b"\r\n"])
            content += [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(body)).encode() + b"\r\n",
                b"connection: close\r\n\r\n",
                body,
            ]
            self.transport.write(b"".join(content))
            self.transport.close()

    return EnvelopeHttpToolsProtocol
