"""Whether a server serves an operation at all: one valid request, read the way a router answers.

A server need not serve every operation of openapi.yaml: only those marked `x-conformance:
required` (add, ping, the event lookup). Before fuzzing an operation, the schema layer sends it one
valid request; the answer shows the operation is not served when it is

- `405 Method Not Allowed` or `501 Not Implemented`: the path exists, this method does not;
- a `404` that is the same answer as the one to a path that surely does not exist (the same
  status, media type and body once each request's own path is taken out): the router's 404, not
  the operation's. A made-up id in the path may rightly get the operation's own 404 ("no memory
  with id ..."), which differs from the router's;
- a `404` that is not the contract's error envelope, when no comparison can be made (the unknown
  path did not get a 404).

Anything else, an error included, is the operation answering: the schema layer then judges it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from contracts.run_context import RunContext
from contracts.session import NO_BODY, Exchange
from mem0spec import bundled

# Put in front of an operation's path, it gives a path no Mem0 server serves.
NO_SUCH_PATH = "/mem0-kit-no-such-path"
_UNSERVED_STATUSES = {
    405: "405 Method Not Allowed: the path is served, this method is not",
    501: "501 Not Implemented",
}


@dataclass(frozen=True)
class Unserved:
    """The answer that shows an operation is not served, and why it shows it."""

    exchange: Exchange
    reason: str

    @property
    def status(self) -> int:
        return self.exchange.status


def unserved(ctx: RunContext, method: str, path: str, body: Any = NO_BODY) -> Unserved | None:
    """Send one valid request (`path` with its query, relative to the base URL); an `Unserved`
    when the answer shows the operation is not served, else None."""
    exchange = ctx.session.send(method, path, json_body=body)
    if exchange.status in _UNSERVED_STATUSES:
        return Unserved(exchange, _UNSERVED_STATUSES[exchange.status])
    if exchange.status != 404:
        return None
    control = ctx.session.send(method, NO_SUCH_PATH + path, json_body=body)
    if control.status == 404:
        if _normalised(exchange) == _normalised(control):
            return Unserved(
                exchange, f"the same 404 as {method} {NO_SUCH_PATH}{path.split('?')[0]}"
            )
        return None
    if bundled().schema_errors("Error", exchange.json(default=None)):
        return Unserved(exchange, "a 404 that is not the contract's error envelope")
    return None


def _normalised(exchange: Exchange) -> tuple[int, str, str]:
    """Status, media type and body, with every spelling of the request's own path taken out."""
    text = exchange.body.decode("utf-8", errors="replace")
    parts = urlsplit(exchange.url)
    spellings = {exchange.url, exchange.url.split("?")[0], parts.path}
    if parts.query:
        spellings.add(f"{parts.path}?{parts.query}")
    for spelling in sorted((s for s in spellings if s), key=len, reverse=True):
        text = text.replace(spelling, "<path>")
    return exchange.status, exchange.content_type, text
