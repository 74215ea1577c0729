"""How the answers show a memory, a history row, an event and a page: one place for each shape,
so get, list, search and history say the same of the same memory.

A memory's run is `run_id` in v1 answers, get and v3 search, and `session_id` in v2 answers, the
v3 list and history (Mem0's published spec names it so; `docs/CONTRACT.md`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from mockserver.http.messages import Incoming
from mockserver.memory.model import HistoryRow, StoredMemory
from mockserver.state.store import EventRecord, ScopeKey

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["entity_ids", "event_view", "history_view", "memory_view", "page_of"]


def entity_ids(state: MockState, key: ScopeKey) -> dict[str, str | None]:
    """The scope's entity ids by name (user_id, agent_id, app_id, run_id)."""
    return dict(zip(state.scope_names[2:], key[2:], strict=True))


def memory_view(
    state: MockState, key: ScopeKey, memory: StoredMemory, run_name: str = "run_id"
) -> dict[str, Any]:
    ids = entity_ids(state, key)
    if run_name != "run_id":
        ids[run_name] = ids.pop("run_id")
    return {
        "id": memory.id,
        "memory": memory.memory,
        **ids,
        "metadata": memory.metadata,
        "categories": list(memory.categories),
        "immutable": memory.immutable,
        "expiration_date": (memory.expiration_date.isoformat() if memory.expiration_date else None),
        "replaced_by": memory.replaced_by,
        "created_at": memory.created_at.isoformat(),
        "updated_at": memory.updated_at.isoformat(),
    }


def history_view(state: MockState, key: ScopeKey, row: HistoryRow) -> dict[str, Any]:
    ids = entity_ids(state, key)
    ids["session_id"] = ids.pop("run_id")
    return {
        "id": row.id,
        "memory_id": row.memory_id,
        "event": row.event,
        "old_memory": row.old_memory,
        "new_memory": row.new_memory,
        "input": json.loads(row.input),
        "categories": list(row.categories),
        "metadata": row.metadata,
        **ids,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.created_at.isoformat(),
    }


def event_view(record: EventRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "event_type": record.event_type,
        "status": record.status,
        "results": list(record.results),
        "error": record.error,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
    }


def page_of(
    request: Incoming,
    items: Sequence[Any],
    params: Mapping[str, Any],
    render: Callable[[Any], Any] = lambda item: item,
) -> dict[str, Any]:
    """Django REST framework's page envelope over `items` (only the page is rendered), `page` and
    `page_size` from the query; `next` and `previous` are this request's URL with another page."""
    number, size = params["page"], params["page_size"]
    start = (number - 1) * size
    return {
        "count": len(items),
        "next": _page_url(request, number + 1) if start + size < len(items) else None,
        "previous": _page_url(request, number - 1) if number > 1 else None,
        "results": [render(item) for item in items[start : start + size]],
    }


def _page_url(request: Incoming, number: int) -> str:
    query = {**request.query_params(), "page": str(number)}
    host = request.headers.get("host", "127.0.0.1")
    return f"http://{host}{request.path}?{urlencode(query)}"
