"""Reading add answers: which shape `output_format` x `async_mode` asks for (rule 5), and the events
or queue items inside, whatever the shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts import spec


@dataclass(frozen=True)
class Event:
    id: str
    kind: str  # ADD, UPDATE or DELETE
    memory: str
    previous: str | None = None


def requested_shape(body: dict[str, Any]) -> tuple[str, bool]:
    """The (output_format, async_mode) a request asks for, absent and null meaning the default."""
    output_format = body.get("output_format") or spec.default_of("output_format")
    async_mode = body.get("async_mode")
    if async_mode is None:
        async_mode = spec.default_of("async_mode")
    return str(output_format), bool(async_mode)


def items_of(answer: Any) -> list[Any]:
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict) and isinstance(answer.get("results"), list):
        return list(answer["results"])
    return []


def event_of(item: Any) -> Event | None:
    """An event in either item form (v1.0 `data.memory` or v1.1 `memory`), None if not an event."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    data = item.get("data")
    memory = data.get("memory") if isinstance(data, dict) else item.get("memory")
    kind = item.get("event")
    if not isinstance(kind, str):
        return None
    previous = item.get("previous_memory")
    return Event(
        id=item["id"],
        kind=kind,
        memory=memory if isinstance(memory, str) else "",
        previous=previous if isinstance(previous, str) else None,
    )


def events_of(answer: Any) -> list[Event]:
    return [event for event in map(event_of, items_of(answer)) if event is not None]


def queued_ids_of(answer: Any) -> list[str]:
    return [
        item["event_id"]
        for item in items_of(answer)
        if isinstance(item, dict) and isinstance(item.get("event_id"), str)
    ]
