"""What the mock recorded, as values a test can query and compare: requests, memories, events.

Built from the mock's inspection API (`/_mock/journal`, `/_mock/memories`); standard library only.
`near_misses` explains a failed `assert_added` the way a person would look for the cause: the same
text in another scope, similar text in the same scope, the scope's other memories.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mem0spec import bundled, events_of

__all__ = [
    "SCOPE_KEYS",
    "Memory",
    "RecordedEvent",
    "RecordedRequest",
    "describe_scope",
    "events_in",
    "in_scope",
    "near_misses",
    "request_scope",
    "scope_filter",
]

SCOPE_KEYS = bundled().scope_fields()  # user_id, agent_id, app_id, run_id
_SIMILAR = 0.6  # difflib ratio from which a text counts as a near miss
_ADD_OPERATIONS = frozenset({"addMemories", "addMemoriesV3"})


@dataclass(frozen=True)
class RecordedRequest:
    """One request the mock answered, newest last in `Mem0Mock.requests()`."""

    seq: int
    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: Any
    status: int
    response: Any

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> RecordedRequest:
        return cls(
            seq=int(entry.get("seq", 0)),
            method=str(entry.get("method", "")),
            path=str(entry.get("path", "")),
            query=str(entry.get("query") or ""),
            headers=dict(entry.get("headers") or {}),
            body=entry.get("body"),
            status=int(entry.get("status", 0)),
            response=entry.get("response"),
        )

    def field(self, name: str) -> Any:
        """A top-level field of the JSON body, or None when the body is not an object."""
        return self.body.get(name) if isinstance(self.body, dict) else None


@dataclass(frozen=True)
class Memory:
    """One memory the mock holds, with the scope it belongs to."""

    id: str
    memory: str
    scope: Mapping[str, Any]
    categories: tuple[str, ...] = ()
    metadata: Mapping[str, Any] | None = None
    immutable: bool = False
    expiration_date: str | None = None

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> Memory:
        return cls(
            id=str(entry["id"]),
            memory=str(entry["memory"]),
            scope=dict(entry.get("scope") or {}),
            categories=tuple(entry.get("categories") or ()),
            metadata=entry.get("metadata"),
            immutable=bool(entry.get("immutable", False)),
            expiration_date=entry.get("expiration_date"),
        )


@dataclass(frozen=True)
class RecordedEvent:
    """One ADD/UPDATE/DELETE event a synchronous add answered with, and the request's scope."""

    id: str
    event: str
    memory: str
    scope: Mapping[str, Any]
    previous_memory: str | None = None


def scope_filter(scope: Mapping[str, Any]) -> dict[str, str]:
    """The scope arguments of a query, checked: only scope keys, only strings."""
    unknown = sorted(set(scope) - set(SCOPE_KEYS))
    if unknown:
        raise TypeError(
            f"unknown scope argument(s) {', '.join(unknown)}; valid: {', '.join(SCOPE_KEYS)}"
        )
    for key, value in scope.items():
        if not isinstance(value, str):
            raise TypeError(f"{key} must be a str, not {type(value).__name__}")
    return dict(scope)


def request_scope(request: RecordedRequest) -> dict[str, Any]:
    return {key: request.field(key) for key in SCOPE_KEYS if request.field(key) is not None}


def in_scope(scope: Mapping[str, Any], wanted: Mapping[str, str]) -> bool:
    return all(scope.get(key) == value for key, value in wanted.items())


def events_in(request: RecordedRequest) -> list[RecordedEvent]:
    """The memory events of a synchronous add's 200 answer (v1 in v1.0 or v1.1, v3 with
    `infer: false`); queue items have none, and nor do the answers of searches and lists."""
    if request.method != "POST" or request.status != 200:
        return []
    operation = bundled().operation_for(request.method, request.path)
    if operation is None or operation.operation_id not in _ADD_OPERATIONS:
        return []
    scope = request_scope(request)
    return [
        RecordedEvent(event.id, event.kind, event.memory, scope, event.previous)
        for event in events_of(request.response)
    ]


def describe_scope(scope: Mapping[str, Any]) -> str:
    parts = [f"{key}={scope[key]!r}" for key in SCOPE_KEYS if scope.get(key)]
    return ", ".join(parts) or "no scope"


def near_misses(
    wanted_text: str,
    wanted_scope: Mapping[str, str],
    added: Iterable[tuple[str, Mapping[str, Any]]],
) -> list[str]:
    """Lines naming what was added instead: similar text in the scope, the same text elsewhere."""
    lines = []
    for text, scope in added:
        same_scope = in_scope(scope, wanted_scope)
        ratio = difflib.SequenceMatcher(None, text.lower(), wanted_text.lower()).ratio()
        if same_scope and ratio >= _SIMILAR:
            lines.append(f"{text!r} ({describe_scope(scope)}): similar text, same scope")
        elif not same_scope and ratio >= _SIMILAR:
            lines.append(f"{text!r} ({describe_scope(scope)}): other scope")
        elif same_scope:
            lines.append(f"{text!r} ({describe_scope(scope)}): same scope")
    return lines
