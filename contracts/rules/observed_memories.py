"""The client's model of the server's memories, built only from the events the server answered.

Rules 1-3 are judged against it as each answer arrives: which ids a scope has seen (rule 1), which
are live (rule 2), which were added with `immutable: true` (rule 3). Reading back (rules 8-10)
compares the server's reads with it: the live memories and their texts, the deleted ones, and
each memory's events in order. Memories are kept per `ScopeIds`: the four scope ids of an add,
absent and null being the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mem0spec import AnswerEvent

# The scope ids an add names, sorted: `(("agent_id", "a0"), ("user_id", "u0"))`.
ScopeIds = tuple[tuple[str, str], ...]


def scope_ids_of(ids: Mapping[str, str | None]) -> ScopeIds:
    return tuple(sorted((name, value) for name, value in ids.items() if value))


def describe(scope: ScopeIds) -> str:
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
    deleted: set[str] = field(default_factory=set)
    # Each memory's events of this scope, oldest first (what its history must show).
    history: dict[str, list[AnswerEvent]] = field(default_factory=dict)


class ObservedMemories:
    """What the answers said each scope holds; `apply` judges an answer, then records it."""

    def __init__(self) -> None:
        self._scopes: dict[ScopeIds, _ScopeMemories] = {}

    def _of(self, scope: ScopeIds) -> _ScopeMemories:
        return self._scopes.setdefault(scope, _ScopeMemories())

    def immutable_count(self, scope: ScopeIds) -> int:
        return len(self._of(scope).immutable)

    def scopes(self) -> list[ScopeIds]:
        return list(self._scopes)

    def live(self, scope: ScopeIds) -> dict[str, str]:
        """The scope's live memories, id -> text, in the order they were added."""
        return dict(self._of(scope).live)

    def live_texts(self, scope: ScopeIds) -> set[str]:
        return {text.casefold() for text in self._of(scope).live.values()}

    def deleted(self, scope: ScopeIds) -> set[str]:
        return set(self._of(scope).deleted)

    def history(self, scope: ScopeIds) -> dict[str, list[AnswerEvent]]:
        return {i: list(events) for i, events in self._of(scope).history.items()}

    def owner_of(self, memory_id: str) -> ScopeIds | None:
        """The scope whose answers ADDed this id, None when no answer of this model did."""
        return next((s for s, m in self._scopes.items() if memory_id in m.seen), None)

    def apply(
        self, scope: ScopeIds, events: Iterable[AnswerEvent], immutable: bool
    ) -> list[Violation]:
        """Judge one answer's events for rules 1-3, then record them."""
        events = list(events)
        memories = self._of(scope)
        violations = []
        ids = [event.id for event in events]
        # Rule 1 (contracts/rules/ids.py): unique within the answer, an ADD id new in its scope.
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
                memories.history.setdefault(event.id, []).append(event)
                if immutable:
                    memories.immutable.add(event.id)
            elif event.kind in ("UPDATE", "DELETE"):
                violations += self._judge_change(scope, memories, event)
                if event.id in memories.live:
                    memories.history.setdefault(event.id, []).append(event)
                if event.kind == "UPDATE" and event.id in memories.live:
                    memories.live[event.id] = event.memory
                elif event.id in memories.live:
                    memories.live.pop(event.id)
                    memories.deleted.add(event.id)
        return violations

    def _judge_change(
        self, scope: ScopeIds, memories: _ScopeMemories, event: AnswerEvent
    ) -> list[Violation]:
        # Rule 3 (contracts/rules/immutable.py) before rule 2: a pinned memory is never changed,
        # even a live one of the same scope.
        if event.id in memories.immutable:
            return [Violation(3, f"{event.kind} of {event.id!r}, added with immutable: true")]
        # Rule 2 (contracts/rules/live_scope.py): only a live memory of this very scope.
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
