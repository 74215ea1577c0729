"""Reading memories back as the official clients do: get, list and search of a scope, history.

- list: `GET /v1/memories/?user_id=...` (0.1.x), `POST /v2/memories/` and `POST /v3/memories/`
  with the scope in `filters` (1.x, 2.x), every page followed;
- search: `POST /v1/memories/search/` (ids at the top), v2 and v3 (ids in `filters`), asked for
  one memory's own text with `threshold: 0`, so that it must be among the hits;
- get and history by id: `GET /v1/memories/{id}/`, `GET /v1/memories/{id}/history/`.

Each operation is optional: whether the target serves it is asked once per run
(`contracts/served.py`), and reads of an unserved one are not made.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from contracts.run_context import RunContext
from contracts.served import unserved
from contracts.session import NO_BODY, Exchange
from mem0spec import bundled, items_of

LISTS = ("listMemoriesV1", "listMemoriesV2", "listMemoriesV3")
SEARCHES = ("searchMemoriesV1", "searchMemoriesV2", "searchMemoriesV3")
GET, HISTORY, ADD_V3 = "getMemory", "getMemoryHistory", "addMemoriesV3"
PAGE_SIZE, MAX_PAGES = 200, 10
# The run's name in v1 answers (`run_id`) and in v2 answers, the v3 list and history
# (`session_id`), as Mem0's published spec names them.
RUN_NAMES = ("run_id", "session_id")


@dataclass(frozen=True)
class ReadMemory:
    """A memory as a read answered it: its id, its text, and the scope ids it carries (only
    those the answer states; a missing key is the schema checks' business, not a scope)."""

    id: str
    text: str
    scope: Mapping[str, str | None]
    # The memory that superseded it (v3 adds), None when none did or the answer does not say.
    replaced_by: str | None = None


def read_memory(item: Any) -> ReadMemory | None:
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
        return None
    scope: dict[str, str | None] = {}
    for name in bundled().scope_fields():
        keys = RUN_NAMES if name == "run_id" else (name,)
        for key in keys:
            if key in item:
                value = item[key]
                scope[name] = value if isinstance(value, str) and value else None
    text, successor = item.get("memory"), item.get("replaced_by")
    return ReadMemory(
        item["id"],
        text if isinstance(text, str) else "",
        scope,
        successor if isinstance(successor, str) and successor else None,
    )


@dataclass(frozen=True)
class Read:
    """One read: what was asked (operation label and scope or id) and what came back. `memories`
    is None when the answer was not a 200 with readable items."""

    label: str
    exchange: Exchange
    memories: list[ReadMemory] | None


_SERVED: weakref.WeakKeyDictionary[RunContext, dict[str, int | None]] = weakref.WeakKeyDictionary()
# Checks may run in threads; each operation is probed once per run.
_PROBING = threading.Lock()


def unserved_status(ctx: RunContext, operation_id: str) -> int | None:
    """The status that shows the target does not serve the operation, None when it does
    (asked once per run with a valid request in the run's own probe scope)."""
    with _PROBING:
        return _probed(ctx, operation_id)


def _probed(ctx: RunContext, operation_id: str) -> int | None:
    known = _SERVED.setdefault(ctx, {})
    if operation_id not in known:
        op = bundled().operation(operation_id)
        probe = {"user_id": ctx.scope_id("probe-reads")}
        if operation_id in (GET, HISTORY):
            path, body = op.path_with(memory_id=str(uuid.uuid4())), NO_BODY
        elif operation_id == ADD_V3:
            note = {"role": "user", "content": "A note to see whether v3 add is served."}
            path, body = op.path, {**probe, "messages": [note], "infer": False}
        else:
            path, body = _scope_request(operation_id, probe, "whether reads are served")
        answer = unserved(ctx, op.method, path, body)
        known[operation_id] = answer.status if answer is not None else None
    return known[operation_id]


Focused = TypeVar("Focused")


def mixing_v3(ctx: RunContext, focus: Focused) -> Focused:
    """A rule search's `Focus` with v3 adds among its drawn steps where the target serves the v3
    add (rules 1 and 4 judge their ids and verbatim notes too), else as it is."""
    served = unserved_status(ctx, ADD_V3) is None
    return dataclasses.replace(focus, api="both") if served else focus  # type: ignore[type-var]


def _scope_request(operation_id: str, scope: Mapping[str, str], query: str) -> tuple[str, Any]:
    """The path (with its query) and body of a list or search of `scope`, as the clients send."""
    op = bundled().operation(operation_id)
    if len(scope) == 1:
        filters: dict[str, Any] = dict(scope)
    else:
        filters = {"AND": [{name: value} for name, value in scope.items()]}
    if operation_id == "listMemoriesV1":
        return f"{op.path}?{urlencode({**scope, 'page_size': PAGE_SIZE})}", NO_BODY
    if operation_id in LISTS:
        return f"{op.path}?{urlencode({'page_size': PAGE_SIZE})}", {"filters": filters}
    search = {"query": query, "threshold": 0, "top_k": 1000}
    if operation_id == "searchMemoriesV1":
        return op.path, {**search, **scope}
    return op.path, {**search, "filters": filters}


def list_scope(
    ctx: RunContext, operation_id: str, scope: Mapping[str, str], latest_only: bool = False
) -> Read:
    """Every memory a list of `scope` answers, page after page (at most MAX_PAGES);
    `latest_only` (v2/v3) leaves out the memories a newer one superseded."""
    op = bundled().operation(operation_id)
    path, body = _scope_request(operation_id, scope, "")
    if latest_only:
        body = {**body, "latest_only": True}
    found: list[ReadMemory] = []
    for page in range(1, MAX_PAGES + 1):
        exchange = ctx.session.send(op.method, f"{path}&page={page}", json_body=body)
        memories = _memories(exchange)
        if memories is None:
            return Read(op.label, exchange, None)
        found += memories
        answer = exchange.json(default=None)
        if not isinstance(answer, Mapping) or not answer.get("next"):
            break
    return Read(op.label, exchange, found)


def search_scope(ctx: RunContext, operation_id: str, scope: Mapping[str, str], query: str) -> Read:
    op = bundled().operation(operation_id)
    path, body = _scope_request(operation_id, scope, query)
    exchange = ctx.session.send(op.method, path, json_body=body)
    return Read(op.label, exchange, _memories(exchange))


def get_memory(ctx: RunContext, memory_id: str) -> Read:
    op = bundled().operation(GET)
    exchange = ctx.session.send(op.method, op.path_with(memory_id=memory_id))
    memory = read_memory(exchange.json(default=None)) if exchange.status == 200 else None
    return Read(op.label, exchange, [memory] if memory is not None else None)


def get_history(ctx: RunContext, memory_id: str) -> tuple[Exchange, list[Mapping[str, Any]] | None]:
    """A memory's history rows, oldest first (by `created_at` where every row has one)."""
    op = bundled().operation(HISTORY)
    exchange = ctx.session.send(op.method, op.path_with(memory_id=memory_id))
    answer = exchange.json(default=None)
    if exchange.status != 200 or not isinstance(answer, list):
        return exchange, None
    rows = [row for row in answer if isinstance(row, Mapping)]
    if all(isinstance(row.get("created_at"), str) for row in rows):
        rows.sort(key=lambda row: str(row["created_at"]))
    return exchange, rows


def _memories(exchange: Exchange) -> list[ReadMemory] | None:
    if exchange.status != 200:
        return None
    answer = exchange.json(default=None)
    if not isinstance(answer, list | Mapping):
        return None
    return [m for m in map(read_memory, items_of(answer)) if m is not None]
