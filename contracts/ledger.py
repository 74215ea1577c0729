"""The client's picture of the server's memories, built only from the events it answered.

Rules 1-3 are judged against it: which ids a scope has seen, which are live, which are immutable.
A scope is the org/project and the four scope ids, absent and null being the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from contracts.shapes import Event

Scope = tuple[tuple[str, str], ...]


def scope_of(ids: Mapping[str, str | None]) -> Scope:
    return tuple(sorted((name, value) for name, value in ids.items() if value))


def describe(scope: Scope) -> str:
    return ", ".join(f"{name}={value}" for name, value in scope) or "(no scope)"


@dataclass(frozen=True)
class Violation:
    rule: int
    message: str


@dataclass
class _ScopeMemories:
    live: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    immutable: set[str] = field(default_factory=set)


class Ledger:
    def __init__(self) -> None:
        self._scopes: dict[Scope, _ScopeMemories] = {}

    def _of(self, scope: Scope) -> _ScopeMemories:
        return self._scopes.setdefault(scope, _ScopeMemories())

    def immutable_count(self, scope: Scope) -> int:
        return len(self._of(scope).immutable)

    def apply(self, scope: Scope, events: Iterable[Event], immutable: bool) -> list[Violation]:
        """Judge one answer's events for rules 1-3, then record them."""
        events = list(events)
        memories = self._of(scope)
        violations = []
        ids = [event.id for event in events]
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            violations.append(Violation(1, f"id {duplicate!r} appears twice in one answer"))
        for event in events:
            if event.kind == "ADD":
                if event.id in memories.seen:
                    violations.append(
                        Violation(1, f"ADD reuses id {event.id!r}, already returned in this scope")
                    )
                memories.seen.add(event.id)
                memories.live[event.id] = event.memory
                if immutable:
                    memories.immutable.add(event.id)
            elif event.kind in ("UPDATE", "DELETE"):
                violations += self._judge_change(scope, memories, event)
                if event.kind == "UPDATE" and event.id in memories.live:
                    memories.live[event.id] = event.memory
                else:
                    memories.live.pop(event.id, None)
        return violations

    def _judge_change(
        self, scope: Scope, memories: _ScopeMemories, event: Event
    ) -> list[Violation]:
        if event.id in memories.immutable:
            return [Violation(3, f"{event.kind} of {event.id!r}, added with immutable: true")]
        if event.id in memories.live:
            return []
        owner = next(
            (other for other, m in self._scopes.items() if other != scope and event.id in m.seen),
            None,
        )
        if owner is not None:
            why = f"a memory of another scope ({describe(owner)})"
        elif event.id in memories.seen:
            why = "a memory this scope already saw DELETEd"
        else:
            why = "an id this scope never saw ADDed"
        return [Violation(2, f"{event.kind} of {event.id!r}: {why}")]
