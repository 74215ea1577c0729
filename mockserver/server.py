"""`run_in_thread(settings)`: the real mock on a free 127.0.0.1 port, for tests and fixtures.

The socket is bound here (port 0, the real port read back) before uvicorn starts, and the call
returns only once uvicorn reports it is serving: no fixed ports, no sleeping and hoping. Errors
never vanish in the thread: an exception raised while serving a request, or by uvicorn itself, is
recorded and raised again by `check()` and `stop()`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

from mockserver.errors import MockServerError
from mockserver.http.app import create_app
from mockserver.http.limits import EdgeLimits
from mockserver.http.protocol import envelope_protocol
from mockserver.settings import Settings

__all__ = [
    "MockServer",
    "ServerThreadError",
    "listening_socket",
    "run_in_thread",
    "uvicorn_config",
]

_START_TIMEOUT_S = 20.0
_STOP_TIMEOUT_S = 10.0
# Connections the kernel queues before they are accepted: a burst of clients waits for its turn
# instead of retrying its SYN a second later (socket.create_server's default is 128 at most).
_BACKLOG = 1_024


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening socket for uvicorn. TCP_NODELAY is set on it because connections
    accepted from a socket handed to uvicorn otherwise wait ~40 ms for delayed ACKs (measured)."""
    sock = socket.create_server((host, port), backlog=_BACKLOG)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def uvicorn_config(
    app: ASGIApp,
    *,
    log_level: str,
    access_log: bool,
    graceful_shutdown_s: int,
    settings: Settings | None = None,
) -> uvicorn.Config:
    """How uvicorn serves the mock, for `mem0-kit mock` and `run_in_thread` alike; the edge's
    bounds (head size, deadlines, connections) come from `settings`."""
    limits = EdgeLimits.from_settings(settings or Settings())
    return uvicorn.Config(
        app,
        log_level=log_level,
        access_log=access_log,
        # Nothing the mock answers depends on the client's address, so X-Forwarded-* is not read.
        proxy_headers=False,
        lifespan="off",
        # Requests uvicorn cannot parse get the contract's 400 envelope, not uvicorn's plain text;
        # heads, waits and connections are bounded (mockserver/http/protocol.py).
        http=envelope_protocol(limits),
        # A client stalled mid-body must not keep a stopping server up forever.
        timeout_graceful_shutdown=graceful_shutdown_s,
    )


class ServerThreadError(MockServerError, RuntimeError):
    """The server thread could not start or stop in time."""


class MockServer:
    """A running mock: `.url`, `.settings`, `.check()`, `.stop()`; a context manager.

    Example:
        >>> with run_in_thread(Settings(seed=3)) as server:  # doctest: +SKIP
        ...     httpx.get(f"{server.url}/v1/ping/", headers={"Authorization": "Token mock-key"})
    """

    def __init__(self, settings: Settings, host: str = "127.0.0.1", port: int = 0) -> None:
        self.settings = settings
        self.app = create_app(settings)
        try:
            self._socket = listening_socket(host, port)
        except OSError as error:
            raise ServerThreadError(f"Cannot listen on {host}:{port}: {error}.") from error
        self.host, self.port = self._socket.getsockname()[:2]
        self.url = f"http://{self.host}:{self.port}"
        # Quiet: a test run shows warnings only, and no access log.
        config = uvicorn_config(
            self.app,
            log_level="warning",
            access_log=False,
            graceful_shutdown_s=2,
            settings=settings,
        )
        self._server = uvicorn.Server(config)
        self._thread_errors: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._serve, name=f"mem0-mock:{self.port}", daemon=True
        )

    @property
    def api_key(self) -> str:
        """The first accepted key (what a client should send)."""
        return self.settings.api_keys[0]

    def _serve(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as error:  # recorded for check(), never lost with the thread
            self._thread_errors.append(error)

    def start(self) -> MockServer:
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive():
                self.check()
                raise ServerThreadError("The mock server thread exited before it started serving.")
            if time.monotonic() > deadline:
                self.stop()
                raise ServerThreadError(
                    f"The mock server did not start within {_START_TIMEOUT_S} s."
                )
            time.sleep(0.005)
        return self

    def check(self) -> None:
        """Raise the first error recorded inside the server (then forget it), if any."""
        pending = self._thread_errors or self.app.errors
        if pending:
            first = pending.pop(0)
            raise first

    def reset(self) -> None:
        """Back to the start state (same as POST /_mock/reset)."""
        self.app.reset()

    def stop(self) -> None:
        """Stop serving, then raise any error recorded inside the server."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(_STOP_TIMEOUT_S)
        self._socket.close()
        if self._thread.is_alive():
            raise ServerThreadError(f"The mock server did not stop within {_STOP_TIMEOUT_S} s.")
        self.check()

    def __enter__(self) -> MockServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            self.stop()
            return
        with contextlib.suppress(Exception):  # the exception already in flight matters more
            self.stop()


def run_in_thread(
    settings: Settings | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> MockServer:
    """Start the mock with uvicorn in a daemon thread; returns once it is serving.

    Example:
        >>> with run_in_thread(Settings(seed=0)) as server:  # doctest: +SKIP
        ...     print(server.url)
        http://127.0.0.1:54321
    """
    return MockServer(settings or Settings(), host=host, port=port).start()
