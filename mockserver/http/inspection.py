"""The inspection API under /_mock/, outside the contract (described in inspection.yaml beside it).

Tests and frontends use it to see what was sent and what the mock remembers, and to start over;
a person uses the page at `/_mock/` (`journal_page.py`), which shows the same live. It needs no
key: the mock is a local development tool bound to 127.0.0.1 by default. Its pages are served by
the one router (`mockserver/http/router.py`) with the one reply type, and are not journaled.

It belongs to the developer, not to any page the developer's browser visits (docs/MOCK.md):
- no CORS of its own unless `inspection_origins` names a dev UI's origin (`http/cors.py`), so a
  page elsewhere cannot read what it shows;
- a call that changes state needs the `X-Mem0-Mock` header, which no page can send to another
  origin without a CORS preflight (a `text/plain` POST or `fetch(..., {mode: "no-cors"})` can't);
- `Host` must be an IP address, a name no public DNS answers (`localhost`, one label, a
  special-use domain) or an `allowed_hosts` name, so DNS rebinding does not reach it.

Listings come in pages (`limit`, and `after` / `offset`), each rendered entry by entry and cut at
`PAGE_BYTES`, so no request renders more than it asked for.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mockserver.http.codec import json_bytes
from mockserver.http.envelope import error_reply
from mockserver.http.journal_page import journal_page
from mockserver.http.messages import Incoming, Reply
from mockserver.memory.model import StoredMemory
from mockserver.state.event_queue import HELD_STATUSES, QueueError
from mockserver.state.journal import JournalEntry
from mockserver.state.mock_state import MockState
from mockserver.validation.numbers import whole_number
from mockserver.validation.wording import FieldError

__all__ = [
    "DEFAULT_PAGE",
    "INSPECTION_SPEC_PATH",
    "MAX_PAGE",
    "PAGE_BYTES",
    "STATE_HEADER",
    "Page",
    "inspection_pages",
]

INSPECTION_SPEC_PATH = Path(__file__).resolve().with_name("inspection.yaml")

Page = Callable[[MockState, Incoming], Reply]

# A listing's page: `limit` entries by default and at most, and no more rendered bytes than this
# (always at least one entry, so a page never stalls on one large body).
DEFAULT_PAGE = 100
MAX_PAGE = 1_000
PAGE_BYTES = 4 * 1_048_576
# What a state-changing call must carry: a custom header, so a cross-origin page needs a preflight.
STATE_HEADER = "X-Mem0-Mock"
# Domains public DNS never answers (RFC 6761, RFC 6762 .local, RFC 8375 home.arpa, ICANN's
# .internal): a page cannot be served from one of them and then rebound to the mock.
_PRIVATE_SUFFIXES = (".localhost", ".test", ".invalid", ".example", ".local", ".internal",
                     ".home.arpa")  # fmt: skip


def inspection_pages() -> dict[str, tuple[str, Page]]:
    """path -> (its one method, the page); the same page objects on every call."""
    return dict(_PAGES)


def _guarded(page: Page, *, changes_state: bool) -> Page:
    def guarded(state: MockState, request: Incoming) -> Reply:
        refused = _foreign_host(state, request)
        if refused is None and changes_state:
            refused = _without_state_header(request)
        return refused or page(state, request)

    guarded.__name__ = guarded.__qualname__ = page.__name__
    return guarded


def _host_name(value: str) -> str:
    """The name of a `Host` value: no port, no brackets, lower case, no final dot."""
    host = value.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


def _is_private_name(name: str, allowed: Iterable[str]) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    if name in allowed:
        return True
    # Empty (HTTP/1.1 allows it) or one label: no public DNS name a page could be served from.
    return "." not in name or name.endswith(_PRIVATE_SUFFIXES)


def _foreign_host(state: MockState, request: Incoming) -> Reply | None:
    allowed = {_host_name(name) for name in state.settings.allowed_hosts}
    for value in request.header_values("host"):
        name = _host_name(value)
        if not _is_private_name(name, allowed):
            shown = name if len(name) <= 80 else f"{name[:80]}..."
            rule = (
                f"{shown!r} is not a name of this mock; /_mock/ answers IP addresses, localhost, "
                "one-label and special-use names (.localhost, .test, .internal, ...), and names "
                "given with --allowed-host (a public name that reaches it is DNS rebinding)"
            )
            return error_reply(403, f"Host: {rule}.", (FieldError("Host", rule),))
    return None


def _without_state_header(request: Incoming) -> Reply | None:
    if request.headers.get(STATE_HEADER.lower()):
        return None
    rule = (
        f"is required on {request.method} {request.path}; send {STATE_HEADER}: 1 (a page on "
        "another origin cannot send it without the mock's CORS permission)"
    )
    return error_reply(403, f"{STATE_HEADER}: {rule}.", (FieldError(STATE_HEADER, rule),))


def _bad_query(name: str, rule: str) -> Reply:
    return error_reply(400, f"{name}: {rule}.", (FieldError(name, rule),))


def _unknown_params(params: dict[str, str], valid: tuple[str, ...]) -> Reply | None:
    unknown = sorted(set(params) - set(valid))
    if not unknown:
        return None
    rule = f"is not a known parameter; use {', '.join(valid) or 'none'}"
    return _bad_query(unknown[0], rule)


def _number(
    params: dict[str, str], name: str, *, low: int, high: int | None = None
) -> int | Reply | None:
    """The parameter as a whole number in ASCII digits within bounds; None when absent."""
    raw = params.get(name)
    if raw is None:
        return None
    value = whole_number(raw)
    if value is None or value < low or (high is not None and value > high):
        upto = f" and at most {high}" if high is not None else ""
        return _bad_query(name, f"must be a whole number of at least {low}{upto}")
    return value


def _page(key: str, parts: list[bytes], next_cursor: int | None) -> Reply:
    """`{"<key>": [...], "next": n}` from entries already encoded (`next` only when more follow)."""
    tail = b"" if next_cursor is None else b',"next":%d' % next_cursor
    return Reply(b'{"%s":[%s]%s}' % (key.encode(), b",".join(parts), tail))


def _fits(parts: list[bytes], size: int, used: int) -> bool:
    return not parts or used + size <= PAGE_BYTES


def _health(state: MockState, request: Incoming) -> Reply:
    return _unknown_params(request.query_params(), ()) or Reply(
        {
            "status": "ok",
            "seed": state.settings.seed,
            "scopes": len(state.store.scopes),
            "memories": state.store.memory_count(),
            "requests": state.journal.total,
        }
    )


def _journal(state: MockState, request: Incoming) -> Reply:
    params = request.query_params()
    problem = _unknown_params(params, ("limit", "after"))
    limit = _number(params, "limit", low=1, high=MAX_PAGE)
    after = _number(params, "after", low=0)
    for found in (problem, limit, after):
        if isinstance(found, Reply):
            return found
    assert not isinstance(limit, Reply) and not isinstance(after, Reply)
    entries = state.journal.entries()
    count = limit or DEFAULT_PAGE
    if after is None:  # the newest entries, rendered newest first and cut at the byte budget
        return _page("entries", _encoded(reversed(entries[-count:]))[::-1], None)
    following = [entry for entry in entries if entry.seq > after]
    parts = _encoded(following[:count])
    more = len(parts) < len(following)
    return _page("entries", parts, following[len(parts) - 1].seq if more and parts else None)


def _encoded(entries: Iterable[JournalEntry]) -> list[bytes]:
    """The entries encoded, in order, until the page's byte budget is spent (at least one)."""
    parts: list[bytes] = []
    used = 0
    for entry in entries:
        part = json_bytes(entry.as_json())
        if not _fits(parts, len(part), used):
            break
        parts.append(part)
        used += len(part)
    return parts


def _memories(state: MockState, request: Incoming) -> Reply:
    params = request.query_params()
    problem = _unknown_params(params, (*state.scope_names, "limit", "offset"))
    limit = _number(params, "limit", low=1, high=MAX_PAGE)
    offset = _number(params, "offset", low=0)
    for found in (problem, limit, offset):
        if isinstance(found, Reply):
            return found
    assert not isinstance(limit, Reply) and not isinstance(offset, Reply)
    count, skip = limit or DEFAULT_PAGE, offset or 0
    # A parameter given empty matches scopes where that id is absent.
    wanted = {name: value or None for name, value in params.items() if name in state.scope_names}
    parts: list[bytes] = []
    used = 0
    # Whole scopes at a time: a filter is a scope's, and an offset skips lists, not memories.
    for key, held in list(state.store.scopes.items()):
        scope = dict(zip(state.scope_names, key, strict=True))
        if any(scope[name] != value for name, value in wanted.items()):
            continue
        memories = held.memories
        if skip >= len(memories):
            skip -= len(memories)
            continue
        for memory in memories[skip:]:
            if len(parts) == count:  # one more matches: a next page
                return _page("memories", parts, (offset or 0) + len(parts))
            part = json_bytes(_memory_json(memory, scope))
            if not _fits(parts, len(part), used):
                return _page("memories", parts, (offset or 0) + len(parts))
            parts.append(part)
            used += len(part)
        skip = 0
    return _page("memories", parts, None)


def _memory_json(memory: StoredMemory, scope: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": memory.id,
        "memory": memory.memory,
        "scope": scope,
        "subject": memory.subject,
        "categories": list(memory.categories),
        "metadata": memory.metadata,
        "immutable": memory.immutable,
        "expiration_date": (memory.expiration_date.isoformat() if memory.expiration_date else None),
        "replaced_by": memory.replaced_by,
        "created_at": memory.created_at.isoformat(),
        "updated_at": memory.updated_at.isoformat(),
    }


def _reset(state: MockState, request: Incoming) -> Reply:
    del request
    state.reset()
    return Reply({"status": "reset"})


def _queue(state: MockState, request: Incoming) -> Reply:
    params = request.query_params()
    problem = _unknown_params(params, ("hold", "release", "fail", "error"))
    if problem:
        return problem
    queue = state.queue
    if "hold" in params:
        if params["hold"] not in HELD_STATUSES:
            return _bad_query("hold", f"must be one of {', '.join(HELD_STATUSES)}")
        queue.hold(params["hold"])
    if "fail" in params:
        try:
            queue.fail(params["fail"], params.get("error") or "The add failed (a test asked so).")
        except QueueError as error:
            return error_reply(404, str(error))
    if "release" in params:
        if params["release"] != "true":
            return _bad_query("release", "must be true")
        queue.release()
    return Reply({"held": queue.held, "waiting": queue.waiting()})


def _spec(state: MockState, request: Incoming) -> Reply:
    del state, request
    return Reply(INSPECTION_SPEC_PATH.read_bytes(), media_type="application/yaml")


_PAGES: dict[str, tuple[str, Page]] = {
    "/_mock/": ("GET", _guarded(journal_page, changes_state=False)),
    "/_mock/health": ("GET", _guarded(_health, changes_state=False)),
    "/_mock/journal": ("GET", _guarded(_journal, changes_state=False)),
    "/_mock/memories": ("GET", _guarded(_memories, changes_state=False)),
    "/_mock/reset": ("POST", _guarded(_reset, changes_state=True)),
    "/_mock/queue": ("POST", _guarded(_queue, changes_state=True)),
    "/_mock/openapi.yaml": ("GET", _guarded(_spec, changes_state=False)),
}
