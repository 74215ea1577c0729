"""The inspection API under /_mock/, outside the contract (described in inspection.yaml beside it).

Tests and frontends use it to see what was sent and what the mock remembers, and to start over;
a person uses the page at `/_mock/` (`journal_page.py`), which shows the same live.
It needs no key: the mock is a local development tool bound to 127.0.0.1 by default. Its pages
are served by the one router (`mockserver/http/router.py`) with the one reply type, and are not
journaled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mockserver.http.envelope import error_reply
from mockserver.http.journal_page import journal_page
from mockserver.http.messages import Incoming, Reply
from mockserver.state.event_queue import HELD_STATUSES, QueueError
from mockserver.state.mock_state import MockState
from mockserver.validation.numbers import whole_number
from mockserver.validation.wording import FieldError

__all__ = ["INSPECTION_SPEC_PATH", "Page", "inspection_pages"]

INSPECTION_SPEC_PATH = Path(__file__).resolve().with_name("inspection.yaml")

Page = Callable[[MockState, Incoming], Reply]


def inspection_pages() -> dict[str, tuple[str, Page]]:
    """path -> (its one method, the page)."""
    return {
        "/_mock/": ("GET", journal_page),
        "/_mock/health": ("GET", _health),
        "/_mock/journal": ("GET", _journal),
        "/_mock/memories": ("GET", _memories),
        "/_mock/reset": ("POST", _reset),
        "/_mock/queue": ("POST", _queue),
        "/_mock/openapi.yaml": ("GET", _spec),
    }


def _bad_query(name: str, rule: str) -> Reply:
    return error_reply(400, f"{name}: {rule}.", (FieldError(name, rule),))


def _unknown_params(params: dict[str, str], valid: tuple[str, ...]) -> Reply | None:
    unknown = sorted(set(params) - set(valid))
    if not unknown:
        return None
    rule = f"is not a known parameter; use {', '.join(valid) or 'none'}"
    return _bad_query(unknown[0], rule)


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
    problem = _unknown_params(params, ("limit",))
    if problem:
        return problem
    raw = params.get("limit")
    limit = None if raw is None else whole_number(raw)
    if raw is not None and (limit is None or limit < 1):
        return _bad_query("limit", "must be a whole number of at least 1")
    entries = state.journal.entries(limit)
    return Reply({"entries": [entry.as_json() for entry in entries]})


def _memories(state: MockState, request: Incoming) -> Reply:
    params = request.query_params()
    problem = _unknown_params(params, state.scope_names)
    if problem:
        return problem
    # A parameter given empty matches scopes where that id is absent.
    wanted = {name: value or None for name, value in params.items()}
    found: list[dict[str, Any]] = []
    for key, memory in state.store.iter_memories():
        scope = dict(zip(state.scope_names, key, strict=True))
        if any(scope[name] != value for name, value in wanted.items()):
            continue
        found.append(
            {
                "id": memory.id,
                "memory": memory.memory,
                "scope": scope,
                "subject": memory.subject,
                "categories": list(memory.categories),
                "metadata": memory.metadata,
                "immutable": memory.immutable,
                "expiration_date": (
                    memory.expiration_date.isoformat() if memory.expiration_date else None
                ),
                "replaced_by": memory.replaced_by,
                "created_at": memory.created_at.isoformat(),
                "updated_at": memory.updated_at.isoformat(),
            }
        )
    return Reply({"memories": found})


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
