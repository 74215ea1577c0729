"""uvicorn's httptools protocol with the edge the mock needs: bounds, deadlines and envelopes.

What uvicorn answers itself, before the app, goes out in the contract's `Error` envelope: a request
it cannot parse (400). What httptools leaves unbounded is bounded here (values: `EdgeLimits`,
their meaning: docs/HARDENING.md):

- a request head larger than `max_head_bytes`, or of more than `max_headers` lines: 431;
- a head that does not arrive within `head_timeout_s`, or a body within `body_timeout_s` of its
  head: 408 (a connection that sent nothing is closed quietly, as an idle keep-alive one is);
- past `max_connections`, a new connection closes the one that has waited longest on its client,
  or, when every connection is being answered, is itself refused with 503;
- at shutdown, a request whose body is still arriving 0.5 s before the grace period ends gets 503
  (not the plain-text 500 and `CancelledError` traceback of uvicorn cancelling it).

Every such answer closes the connection the way a client can read it: the write side first, the
rest of what the client sends read and dropped for `LINGER_S`, then closed.

A timer is armed only when a read ends with a request incomplete, so a request that arrives in
one read (nearly all of them) sets none: the edge's bookkeeping costs about 2 us a request.
"""

from __future__ import annotations

import asyncio
from asyncio import TimerHandle
from typing import Any, ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from mockserver.http.limits import EdgeLimits, refusal_bytes

__all__ = ["LINGER_S", "EnvelopeHttpToolsProtocol", "envelope_protocol"]

# How long a refused connection's further bytes are read and dropped before it is closed: closing
# at once, with bytes unread, makes the kernel reset it, and the client may lose the answer.
LINGER_S = 2.0

# Where a connection is: between requests (uvicorn's keep-alive timeout applies), receiving a
# request head, receiving its body.
_IDLE, _HEAD, _BODY = 0, 1, 2


class _HeadRefused(Exception):
    """Raised in a parser callback to stop parsing a head past a bound."""


class EnvelopeHttpToolsProtocol(HttpToolsProtocol):
    limits: ClassVar[EdgeLimits] = EdgeLimits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._phase = _HEAD  # a new connection owes its first head
        self._head_left = self.limits.max_head_bytes
        self._heads = 0  # heads parsed whole on this connection
        self._sent_any = False  # a byte of the current head has arrived
        self._timer: TimerHandle | None = None
        self._timer_phase = _IDLE
        self._waiting_since = 0.0
        self._refusal: tuple[int, str] | None = None  # set by a callback, answered after it
        self._lingering = False
        self._quiet_app: Any = None

    # -- reading -----------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._sync_timer()
        if len(self.connections) > self.limits.max_connections:
            self._make_room()

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # refused: what else it sends is dropped
        if self._phase != _BODY and data:
            self._phase = _HEAD  # bytes between requests begin a head
            self._sent_any = True
            if len(data) > self._head_left:
                # Past the budget: parse what fits; if the head did not end in it, refuse.
                cut, heads = self._head_left, self._heads
                self._feed(data[:cut])
                if self._lingering or self.transport.is_closing():
                    return
                if self._heads == heads:  # the bound that was passed first is named
                    if self.headers and len(self.headers) > self.limits.max_headers:
                        self._refuse(*self._too_many_headers())
                        return
                    limit = self.limits.max_head_bytes
                    detail = f"The request head is larger than {limit} bytes (--max-head-bytes)."
                    self._refuse(431, detail)
                    return
                data = data[cut:]
            else:
                self._head_left -= len(data)
        self._feed(data)
        if self._lingering:
            return
        if self._phase != _BODY and self.headers and len(self.headers) > self.limits.max_headers:
            self._refuse(*self._too_many_headers())  # a head still arriving
            return
        if self._phase != self._timer_phase:
            self._sync_timer()

    def _too_many_headers(self) -> tuple[int, str]:
        limit = self.limits.max_headers
        self._refusal = (431, f"The request has more than {limit} header lines (--max-headers).")
        return self._refusal

    def _feed(self, data: bytes) -> None:
        """uvicorn's `data_received`, except that a bound refused in a callback is answered
        as such, without uvicorn's "Invalid HTTP request received." warning."""
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            if self._refusal is None:
                self.logger.warning("Invalid HTTP request received.")
            self.send_400_response("Invalid HTTP request received.")
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()

    def on_headers_complete(self) -> None:
        if len(self.headers) > self.limits.max_headers:
            self._too_many_headers()
            raise _HeadRefused  # parsing stops; `_feed` answers the refusal
        self._heads += 1
        self._phase = _BODY
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._phase = _IDLE
        self._head_left = self.limits.max_head_bytes
        self._sent_any = False
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._waiting_since = self.loop.time()  # idle from now: the oldest idle goes first

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        super().connection_lost(exc)

    # -- refusing ----------------------------------------------------------------------------

    def send_400_response(self, msg: str) -> None:
        # uvicorn's one hook for a request it cannot parse; a bound refused in a callback too.
        status, detail = self._refusal or (400, f"The request is not valid HTTP/1.1: {msg}")
        self._refuse(status, detail)

    def _refuse(self, status: int, detail: str, *extra: tuple[bytes, bytes]) -> None:
        """Answer in the envelope and close (after lingering); the app hears a disconnect."""
        self._cancel_timer()
        self._lingering = True
        self._waiting_since = float("-inf")  # the first to go when room is needed
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # the app's receive() returns http.disconnect
            cycle.message_event.set()
        if self.transport.is_closing():
            return
        default = self.server_state.default_headers
        self.transport.write(refusal_bytes(STATUS_LINE[status], status, detail, default, extra))
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_S, self.transport.close)
        else:  # pragma: no cover - TCP transports can
            self.transport.close()

    # -- deadlines ---------------------------------------------------------------------------

    def _sync_timer(self) -> None:
        """One timer per connection, for the part of a request it is waiting for."""
        if self._phase == self._timer_phase:
            return
        self._cancel_timer()
        self._timer_phase = self._phase
        self._waiting_since = self.loop.time()
        if self._phase == _HEAD:
            self._timer = self.loop.call_later(self.limits.head_timeout_s, self._expire)
        elif self._phase == _BODY:
            self._timer = self.loop.call_later(self.limits.body_timeout_s, self._expire)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._timer_phase = _IDLE

    def _expire(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if not self._waiting_for_client():  # our turn, not the client's: wait again
            delay = (
                self.limits.head_timeout_s if self._phase == _HEAD else self.limits.body_timeout_s
            )
            self._timer = self.loop.call_later(delay, self._expire)
            return
        if self._phase == _HEAD:
            seconds = self.limits.head_timeout_s
            detail = f"The request head did not arrive within {seconds:g} s (--head-timeout)."
        else:
            seconds = self.limits.body_timeout_s
            detail = (
                f"The request body did not arrive within {seconds:g} s of its head "
                "(--body-timeout)."
            )
        self._give_up(detail)

    def _waiting_for_client(self) -> bool:
        """Whether the connection waits on its client (not on the app, nor on our own pause)."""
        if self._phase == _BODY:
            # Paused: the app has not read what came yet; 100-continue: the client waits for us.
            cycle = self.cycle
            return not self.flow.read_paused and not (cycle and cycle.waiting_for_100_continue)
        answering = self.cycle is not None and not self.cycle.response_complete
        return not answering and not self.pipeline

    def _give_up(self, detail: str) -> None:
        """Stop waiting on the client: 408 if it is part-way through a request, else close."""
        if self._lingering:
            self.transport.close()
            return
        if self._phase == _BODY:  # owed a 408 unless the app already answered it
            owed = self.cycle is None or not self.cycle.response_started
        else:
            owed = self._phase == _HEAD and self._sent_any
        if owed:
            self._refuse(408, detail)
        else:
            self._cancel_timer()
            self.transport.close()

    # -- room --------------------------------------------------------------------------------

    def _make_room(self) -> None:
        """Past the cap: close the connection that has waited longest on its client, else
        refuse this one."""
        waiting = [
            other
            for other in self.connections
            if other is not self
            and isinstance(other, EnvelopeHttpToolsProtocol)
            and not other.transport.is_closing()
            and (other._lingering or other._waiting_for_client())
        ]
        cap = self.limits.max_connections
        if waiting:
            oldest = min(waiting, key=lambda other: other._waiting_since)
            oldest._give_up(
                f"The mock holds at most {cap} connections (--max-connections) and this one "
                "waited longest for its client."
            )
            return
        detail = (
            f"The mock holds at most {cap} connections (--max-connections) and every one is "
            "being answered; retry shortly."
        )
        self._refuse(503, detail, (b"retry-after", b"1"))

    # -- shutdown ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        super().shutdown()  # idle connections close; a request in flight may finish
        grace = self.config.timeout_graceful_shutdown
        cycle = self.cycle
        if grace is None or self.transport.is_closing() or cycle is None:
            return
        if not cycle.response_complete:
            # Before uvicorn cancels the request (a plain-text 500 and a traceback), answer it.
            self.loop.call_later(max(grace / 2, grace - 0.5), self._stop_waiting)

    def _stop_waiting(self) -> None:
        cycle = self.cycle
        if self.transport.is_closing() or self._lingering or cycle.response_started:
            return
        if self._phase == _BODY:
            detail = "The mock is shutting down; the request body did not arrive in time."
        else:
            detail = "The mock is shutting down before it could answer this request."
        self._refuse(503, detail)

    def _start_asgi_task(self, cycle: Any, app: Any) -> None:
        if app is self.app:  # always, as uvicorn's own concurrency limit is not used
            if self._quiet_app is None:
                self._quiet_app = self._quiet_cancel(app)
            app = self._quiet_app
        super()._start_asgi_task(cycle, app)

    def _quiet_cancel(self, app: Any) -> Any:
        """`app`, except that its cancellation at shutdown, once the edge has answered the
        request itself (503 above), ends it quietly instead of as uvicorn's logged error."""

        async def run(scope: Any, receive: Any, send: Any) -> None:
            try:
                await app(scope, receive, send)
            except asyncio.CancelledError:
                if not self._lingering:
                    raise

        return run


def envelope_protocol(limits: EdgeLimits | None = None) -> type[asyncio.Protocol]:
    """The protocol class uvicorn serves the mock with, bound to these limits."""
    bound = limits or EdgeLimits()
    return type("EnvelopeHttpToolsProtocol", (EnvelopeHttpToolsProtocol,), {"limits": bound})
