"""Reading an add answer in any of its shapes: the events, or the queue items, inside.

`output_format` (v1.0: a bare list; v1.1: `{"results": [...]}`) and `async_mode` (events, or queue
items whose `event_id` leads to `GET /v1/event/{event_id}/`) make four shapes; the items are
memory events in either form (v1.0 `data.memory`, v1.1 `memory`). A queued add may also be
answered by one bare object, `{"event_id", "status": "PENDING"}`: the v3 add's answer, and what
servers that always queue give. The mock's tests, the contract suites and the pytest plugin all
read answers through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "TERMINAL_EVENT_STATES",
    "AnswerEvent",
    "event_of",
    "events_of",
    "items_of",
    "queued_ids_of",
]

# Event states after which GET /v1/event/{event_id}/ stops changing (the operation's description).
TERMINAL_EVENT_STATES = frozenset({"SUCCEEDED", "FAILED"})


@dataclass(frozen=True)
class AnswerEvent:
    """One memory event as an answer reported it."""

    id: str
    kind: str  # ADD, UPDATE or DELETE
    memory: str
    previous: str | None = None


def items_of(answer: Any) -> list[Any]:
    """The items of an answer in either wrapping (a bare list, or `{"results": [...]}`)."""
    if isinstance(answer, list):
        return answer
    if isinstance(answer, Mapping) and isinstance(answer.get("results"), list):
        return list(answer["results"])
    return []


def event_of(item: Any) -> AnswerEvent | None:
    """An event in either item form (v1.0 `data.memory` or v1.1 `memory`), None if not an event."""
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
        return None
    data = item.get("data")
    memory = data.get("memory") if isinstance(data, Mapping) else item.get("memory")
    kind = item.get("event")
    if not isinstance(kind, str):
        return None
    previous = item.get("previous_memory")
    return AnswerEvent(
        id=item["id"],
        kind=kind,
        memory=memory if isinstance(memory, str) else "",
        previous=previous if isinstance(previous, str) else None,
    )


def events_of(answer: Any) -> list[AnswerEvent]:
    """The memory events of an answer (none in a queued one)."""
    return [event for event in map(event_of, items_of(answer)) if event is not None]


def queued_ids_of(answer: Any) -> list[str]:
    """The `event_id`s of a queued answer: of its items, or of the answer itself when it is one
    bare queue item (`{"event_id", "status": "PENDING"}`, the v3 add's queued answer). A bare
    object whose status is terminal (the v3 add's `SUCCEEDED` with its `results`) is not queued."""
    if isinstance(answer, Mapping) and isinstance(answer.get("event_id"), str):
        if answer.get("status") in TERMINAL_EVENT_STATES:
            return []
        return [answer["event_id"]]
    return [
        item["event_id"]
        for item in items_of(answer)
        if isinstance(item, Mapping) and isinstance(item.get("event_id"), str)
    ]
