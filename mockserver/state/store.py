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
  is refused with 429 (`StoreFull`), so large verbatim texts cannot grow memory without end. An
  add accepted holds its characters (`Room`) until its outcome is kept, so adds answered at the
  same time (one in a worker thread) cannot pass the bound together.
- A reset starts a new generation: an add still running when it came keeps nothing (its scope is
  gone), and the room it held is freed with the rest, so the count stays exact.
- History: each memory's rows (`HistoryRow`), kept after it is deleted, for at most
  `2 * max_memories_per_scope` memories of a scope (the oldest histories are forgotten first).

Every memory id is unique in the store (ids are drawn from the scope), so `locate(id)` finds the
scope holding it: get, update and delete by id need no scope.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from mockserver.errors import MockServerError
from mockserver.memory.model import HistoryRow, StoredMemory, id_of, text_of
from mockserver.state.ids import derive_id

__all__ = [
    "TENANT_FIELDS",
    "EventRecord",
    "LogicalClock",
    "Room",
    "ScopeKey",
    "ScopeMemories",
    "Store",
    "StoreFull",
]

# (org_id, project_id, then the add's scope ids as the spec lists them: user_id, agent_id, ...)
ScopeKey = tuple[str | None, ...]
TENANT_FIELDS = ("org_id", "project_id")


class StoreFull(MockServerError):
    """The store holds `max_scopes` scopes and an add would create another."""


# The last instant a datetime holds: where the logical clock stays once it gets there.
_LAST_INSTANT = datetime.datetime.max.replace(microsecond=0, tzinfo=datetime.UTC)


class LogicalClock:
    """The instants the store writes (`created_at`, `updated_at`): one second after another from
    the start of `--today`, so the same requests give the same bytes; or the machine's time."""

    def __init__(self, today: datetime.date, real: bool) -> None:
        self._start = datetime.datetime.combine(today, datetime.time(), datetime.UTC)
        self._real = real
        self._ticks = 0
        self._last = self._start

    def now(self) -> datetime.datetime:
        if self._real:
            now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
            self._last = max(self._last, now)
            return self._last
        self._ticks += 1
        try:
            return self._start + datetime.timedelta(seconds=self._ticks)
        except OverflowError:  # `--today 9999-12-31` and more than a day of writes
            return _LAST_INSTANT

    def reset(self) -> None:
        self._ticks = 0


@dataclasses.dataclass
class ScopeMemories:
    """One scope's memories, their histories, and the counters its ids are drawn from."""

    memories: list[StoredMemory] = dataclasses.field(default_factory=list)
    memory_counter: int = 0
    event_counter: int = 0
    history_counter: int = 0
    text_chars: int = 0  # characters of the memories' texts, for max_store_chars
    # memory id -> its rows, oldest first; kept after the memory is deleted. Tuples: most memories
    # have one or two rows, and a load run holds hundreds of thousands (48 B each, a list 88).
    history: dict[str, tuple[HistoryRow, ...]] = dataclasses.field(default_factory=dict)
    _positions: dict[str, int] | None = None

    def position(self, memory_id: str) -> int | None:
        """Where the memory with this id is in `memories` (an index built on first use)."""
        if self._positions is None:
            self._positions = {m.id: i for i, m in enumerate(self.memories)}
        return self._positions.get(memory_id)


class Room:
    """Characters of text an accepted add holds against `max_store_chars` until it is kept."""

    def __init__(self, store: Store, chars: int) -> None:
        self._store = store
        self._generation = store.generation
        self.chars = chars

    def release(self) -> None:
        """Give the characters back (once; a reset since has freed them already)."""
        if self.chars and self._store.generation == self._generation:
            self._store.held_chars -= self.chars
        self.chars = 0


@dataclasses.dataclass
class EventRecord:
    """A queued add, served by GET /v1/event/{event_id}/ and GET /v1/events/.

    `work` is the add still to be done (None once it ran); the event queue runs it
    (`mockserver/state/event_queue.py`)."""

    id: str
    scope: ScopeKey
    status: str
    results: tuple[Mapping[str, Any], ...]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    event_type: str = "ADD"
    error: str | None = None
    work: Callable[[], Any] | None = None


class Store:
    def __init__(
        self,
        *,
        seed: int,
        max_memories_per_scope: int,
        max_scopes: int,
        max_events: int,
        max_store_chars: int,
        clock: LogicalClock | None = None,
        fixture: Sequence[tuple[ScopeKey, StoredMemory]] = (),
    ) -> None:
        self.seed = seed
        self.max_memories_per_scope = max_memories_per_scope
        self.max_scopes = max_scopes
        self.max_events = max_events
        self.max_store_chars = max_store_chars
        self.text_chars = 0
        self.memory_total = 0  # memories in all scopes
        self.held_chars = 0  # held by adds accepted and not yet kept (`Room`)
        self.generation = 0  # one more at each reset
        self.clock = clock or LogicalClock(datetime.date(2026, 1, 1), real=False)
        self._fixture = tuple(fixture)
        self.scopes: dict[ScopeKey, ScopeMemories] = {}
        self.events: collections.OrderedDict[str, EventRecord] = collections.OrderedDict()
        self._where: dict[str, ScopeKey] = {}  # memory id -> the scope holding it
        self._history_where: dict[str, ScopeKey] = {}  # memory id -> the scope of its history
        self._counting = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Back to the start: the fixture's memories only, no events, the clock at its start."""
        self.scopes.clear()
        self.events.clear()
        self._where.clear()
        self._history_where.clear()
        self.clock.reset()
        self.text_chars = 0
        self.memory_total = len(self._fixture)
        self.held_chars = 0
        self.generation += 1
        for key, memory in self._fixture:
            state = self.scopes.setdefault(key, ScopeMemories())
            state.memories.append(memory)
            state.text_chars += len(memory.memory)
            self.text_chars += len(memory.memory)
            self._where[memory.id] = key

    def check_room(self, incoming_chars: int) -> Room:
        """The room for texts of this many characters, held until released; `StoreFull` when
        they might not fit any more."""
        if self.text_chars + self.held_chars + incoming_chars > self.max_store_chars:
            held = f" ({self.held_chars} more held by adds in progress)" if self.held_chars else ""
            raise StoreFull(
                f"The mock's memories hold {self.text_chars} characters of text{held} and this "
                f"add could take them past its maximum of {self.max_store_chars}; reset it with "
                "POST /_mock/reset or start it with a larger --max-store-chars."
            )
        self.held_chars += incoming_chars
        return Room(self, incoming_chars)

    def holds(self, key: ScopeKey, state: ScopeMemories) -> bool:
        """Whether `state` is still the store's scope `key` (a reset drops every scope)."""
        return self.scopes.get(key) is state

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

    # Ids are drawn on the loop and in worker threads (a large add's rows): each counter step is
    # taken under one lock, so no two draws ever see the same count.
    def new_memory_id(self, key: ScopeKey, state: ScopeMemories, text: str) -> str:
        with self._counting:
            state.memory_counter += 1
            counter = state.memory_counter
        return derive_id(self.seed, "memory", key, counter, text)

    def new_event_id(self, key: ScopeKey, state: ScopeMemories, text: str) -> str:
        with self._counting:
            state.event_counter += 1
            counter = state.event_counter
        return derive_id(self.seed, "event", key, counter, text)

    def new_history_id(self, key: ScopeKey, state: ScopeMemories, memory_id: str) -> str:
        with self._counting:
            state.history_counter += 1
            counter = state.history_counter
        return derive_id(self.seed, "history", key, counter, memory_id)

    def keep(self, key: ScopeKey, state: ScopeMemories, memories: list[StoredMemory]) -> bool:
        """Store a scope's memories after a change, evicting the oldest beyond the cap; False
        (nothing kept) when a reset has dropped the scope since the change began."""
        if not self.holds(key, state):
            return False
        overflow = len(memories) - self.max_memories_per_scope
        kept = memories[overflow:] if overflow > 0 else memories
        # map/attrgetter: these walks are per memory of the scope (10,000 at most), in C.
        before = set(map(id_of, state.memories))
        after = set(map(id_of, kept))
        for gone in before - after:
            self._where.pop(gone, None)
        for new in after - before:
            self._where[new] = key
        for evicted in memories[: max(overflow, 0)]:
            if state.history.pop(evicted.id, None) is not None:
                self._history_where.pop(evicted.id, None)
        self.memory_total += len(kept) - len(state.memories)
        state.memories = kept
        state._positions = None
        chars = sum(map(len, map(text_of, kept)))
        self.text_chars += chars - state.text_chars
        state.text_chars = chars
        return True

    def locate(self, memory_id: str) -> tuple[ScopeKey, ScopeMemories, int] | None:
        """The scope holding the memory with this id, and its position there."""
        key = self._where.get(memory_id)
        state = self.scopes.get(key) if key is not None else None
        position = state.position(memory_id) if state is not None else None
        if key is None or state is None or position is None:
            return None
        return key, state, position

    def history_of(self, memory_id: str) -> tuple[ScopeKey, tuple[HistoryRow, ...]] | None:
        """A memory's history, also after it was deleted (None if the store never held it or
        has forgotten it)."""
        key = self._history_where.get(memory_id)
        rows = self.scopes[key].history.get(memory_id) if key in self.scopes else None
        return (key, rows) if key is not None and rows is not None else None

    def record_history(
        self, key: ScopeKey, state: ScopeMemories, rows: Iterable[HistoryRow]
    ) -> None:
        if not self.holds(key, state):
            return
        for row in rows:
            state.history[row.memory_id] = (*state.history.get(row.memory_id, ()), row)
            self._history_where[row.memory_id] = key
        while len(state.history) > 2 * self.max_memories_per_scope:
            oldest = next(iter(state.history))
            del state.history[oldest]
            self._history_where.pop(oldest, None)

    def add_event(self, record: EventRecord) -> None:
        self.events[record.id] = record
        self.events.move_to_end(record.id)
        while len(self.events) > self.max_events:
            self.events.popitem(last=False)

    def memory_count(self) -> int:
        return self.memory_total

    def iter_memories(self) -> Iterator[tuple[ScopeKey, StoredMemory]]:
        for key, state in self.scopes.items():
            for memory in state.memories:
                yield key, memory
