"""The mock's state: memories by scope, queued-add outcomes, both in memory and bounded.

A scope is (org_id, project_id, user_id, agent_id, app_id, run_id): its `ScopeKey`. Each scope
keeps its own counters, so the ids of one scope never depend on requests to another.

Bounds (docs/MOCK.md):
- `max_memories_per_scope`: when an add leaves more, the oldest memories are evicted (first in,
  first out). Ids stay fresh because the scope's counter keeps counting.
- `max_scopes`: an add that would create one scope too many is refused with 429 (`StoreFull`);
  nothing is evicted silently, since a forgotten scope would hand out its ids again.
- `max_events`: the oldest queued-add outcomes are forgotten first (their ids then answer 404).
- `max_store_chars`: an add whose message texts would take the memories' total text past the bound
  is refused with 429 (`StoreFull`), so large verbatim texts cannot grow memory without end.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from mockserver.errors import MockServerError
from mockserver.memory.model import StoredMemory
from mockserver.state.ids import derive_id

__all__ = ["TENANT_FIELDS", "EventRecord", "ScopeKey", "ScopeMemories", "Store", "StoreFull"]

# (org_id, project_id, then the add's scope ids as the spec lists them: user_id, agent_id, ...)
ScopeKey = tuple[str | None, ...]
TENANT_FIELDS = ("org_id", "project_id")


class StoreFull(MockServerError):
    """The store holds `max_scopes` scopes and an add would create another."""


@dataclasses.dataclass
class ScopeMemories:
    """One scope's memories and the counters its ids are drawn from."""

    memories: list[StoredMemory] = dataclasses.field(default_factory=list)
    memory_counter: int = 0
    event_counter: int = 0
    text_chars: int = 0  # characters of the memories' texts, for max_store_chars


@dataclasses.dataclass(frozen=True)
class EventRecord:
    """The outcome of a queued add, served by GET /v1/event/{event_id}/."""

    id: str
    scope: ScopeKey
    status: str
    results: tuple[Mapping[str, Any], ...]


class Store:
    def __init__(
        self,
        *,
        seed: int,
        max_memories_per_scope: int,
        max_scopes: int,
        max_events: int,
        max_store_chars: int,
        fixture: Sequence[tuple[ScopeKey, StoredMemory]] = (),
    ) -> None:
        self.seed = seed
        self.max_memories_per_scope = max_memories_per_scope
        self.max_scopes = max_scopes
        self.max_events = max_events
        self.max_store_chars = max_store_chars
        self.text_chars = 0
        self._fixture = tuple(fixture)
        self.scopes: dict[ScopeKey, ScopeMemories] = {}
        self.events: collections.OrderedDict[str, EventRecord] = collections.OrderedDict()
        self.reset()

    def reset(self) -> None:
        """Back to the start: the fixture's memories only, no events."""
        self.scopes.clear()
        self.events.clear()
        self.text_chars = 0
        for key, memory in self._fixture:
            state = self.scopes.setdefault(key, ScopeMemories())
            state.memories.append(memory)
            state.text_chars += len(memory.memory)
            self.text_chars += len(memory.memory)

    def check_room(self, incoming_chars: int) -> None:
        """`StoreFull` when texts of this many characters might not fit any more."""
        if self.text_chars + incoming_chars > self.max_store_chars:
            raise StoreFull(
                f"The mock's memories hold {self.text_chars} characters of text and this add "
                f"could take them past its maximum of {self.max_store_chars}; reset it with "
                "POST /_mock/reset or start it with a larger --max-store-chars."
            )

    def scope(self, key: ScopeKey) -> ScopeMemories:
        """The scope's state, created on first use; `StoreFull` when no room is left."""
        state = self.scopes.get(key)
        if state is None:
            if len(self.scopes) >= self.max_scopes:
                raise StoreFull(
                    f"The mock holds its maximum of {self.max_scopes} scopes; reset it with "
                    "POST /_mock/reset or start it with a larger --max-scopes."
                )
            state = self.scopes[key] = ScopeMemories()
        return state

    def new_memory_id(self, key: ScopeKey, state: ScopeMemories, text: str) -> str:
        state.memory_counter += 1
        return derive_id(self.seed, "memory", key, state.memory_counter, text)

    def new_event_id(self, key: ScopeKey, state: ScopeMemories, text: str) -> str:
        state.event_counter += 1
        return derive_id(self.seed, "event", key, state.event_counter, text)

    def keep(self, state: ScopeMemories, memories: list[StoredMemory]) -> None:
        """Store a scope's memories after an add, evicting the oldest beyond the cap."""
        overflow = len(memories) - self.max_memories_per_scope
        state.memories = memories[overflow:] if overflow > 0 else memories
        chars = sum(len(memory.memory) for memory in state.memories)
        self.text_chars += chars - state.text_chars
        state.text_chars = chars

    def add_event(self, record: EventRecord) -> None:
        self.events[record.id] = record
        self.events.move_to_end(record.id)
        while len(self.events) > self.max_events:
            self.events.popitem(last=False)

    def memory_count(self) -> int:
        return sum(len(state.memories) for state in self.scopes.values())

    def iter_memories(self) -> Iterator[tuple[ScopeKey, StoredMemory]]:
        for key, state in self.scopes.items():
            for memory in state.memories:
                yield key, memory
