"""uvicorn's HTTP/1.1 protocol, answering requests it cannot even parse in the contract's envelope.

Malformed requests (a bad request line, invalid headers) never reach the app: uvicorn answers them
itself with a text/plain 400. This subclass keeps uvicorn's behaviour (400, then close) and only
changes the body to the contract's `Error` JSON.
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from mockserver.errors import error_body, json_bytes

__all__ = ["EnvelopeH11Protocol"]


class EnvelopeH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        body = json_bytes(error_body(400, f"The request is not valid HTTP/1.1: {msg}"))
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
