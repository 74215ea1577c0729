"""Serve any ASGI app with uvicorn on a free port for one test, and stop it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Yield the base URL of `app` served on 127.0.0.1 (port 0, read back); raise what it raised."""
    sock = socket.create_server(("127.0.0.1", 0))
    # Accepted connections inherit it; without it each answer waits ~40 ms for a delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    errors: list[BaseException] = []

    def main() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # surfaced in the test, never swallowed
            errors.append(exc)

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        thread.join(0.01)
    try:
        if errors:
            raise errors[0]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        if errors:
            raise errors[0]
