"""The mock's state: memories by scope, queued-add outcomes, both in memory and bounded.

A scope is (org_id, project_id, user_id, agent_id, app_id, run_id). Each scope keeps its own
counters, so the ids of one scope never depend on requests to another.

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
import datetime
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from mockserver.errors import MockServerError
from mockserver.memory.extract import Fact, extract
from mockserver.memory.reconcile import StoredMemory
from mockserver.state.ids import derive_id

__all__ = [
    "TENANT_FIELDS",
    "EventRecord",
    "FixtureError",
    "ScopeKey",
    "ScopeState",
    "Store",
    "StoreFull",
]

# (org_id, project_id, then the add's scope ids as the spec lists them: user_id, agent_id, ...)
ScopeKey = tuple[str | None, ...]
TENANT_FIELDS = ("org_id", "project_id")

_MEMORY_FIELDS = (
    "id",
    "memory",
    "subject",
    "immutable",
    "expiration_date",
    "categories",
    "metadata",
)


class FixtureError(MockServerError, ValueError):
    """A memories fixture is malformed; the message names the entry and the field."""


class StoreFull(MockServerError):
    """The store holds `max_scopes` scopes and an add would create another."""


@dataclasses.dataclass
class ScopeState:
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
        self.scopes: dict[ScopeKey, ScopeState] = {}
        self.events: collections.OrderedDict[str, EventRecord] = collections.OrderedDict()
        self.reset()

    def reset(self) -> None:
        """Back to the start: the fixture's memories only, no events."""
        self.scopes.clear()
        self.events.clear()
        self.text_chars = 0
        for key, memory in self._fixture:
            state = self.scopes.setdefault(key, ScopeState())
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

    def scope(self, key: ScopeKey) -> ScopeState:
        """The scope's state, created on first use; `StoreFull` when no room is left."""
        state = self.scopes.get(key)
        if state is None:
            if len(self.scopes) >= self.max_scopes:
                raise StoreFull(
                    f"The mock holds its maximum of {self.max_scopes} scopes; reset it with "
                    "POST /_mock/reset or start it with a larger --max-scopes."
                )
            state = self.scopes[key] = ScopeState()
        return state

    def new_memory_id(self, key: ScopeKey, state: ScopeState, text: str) -> str:
        state.memory_counter += 1
        return derive_id(self.seed, "memory", key, state.memory_counter, text)

    def new_event_id(self, key: ScopeKey, state: ScopeState, text: str) -> str:
        state.event_counter += 1
        return derive_id(self.seed, "event", key, state.event_counter, text)

    def keep(self, state: ScopeState, memories: list[StoredMemory]) -> None:
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


# -- fixtures -----------------------------------------------------------------------------------


def load_fixture_file(path: Path) -> list[Mapping[str, Any]]:
    """The entries of a fixture file: `{"memories": [...]}` or a bare list, as JSON."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FixtureError(f"Cannot read the memories file {path}: {error.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixtureError(f"The memories file {path} is not valid JSON: {error}.") from None
    entries = document.get("memories") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise FixtureError(
            f'The memories file {path} must hold a list of memories or {{"memories": [...]}}.'
        )
    return entries


def build_fixture(
    entries: Sequence[Any],
    *,
    seed: int,
    org_id: str,
    project_id: str,
    id_fields: Sequence[str],
) -> list[tuple[ScopeKey, StoredMemory]]:
    """Validate fixture entries and turn them into stored memories (format in docs/MOCK.md).
    `id_fields` are the add's scope ids (user_id, agent_id, ...), as read from the spec."""
    valid = frozenset((*_MEMORY_FIELDS, *TENANT_FIELDS, *id_fields))
    built: list[tuple[ScopeKey, StoredMemory]] = []
    seen: set[tuple[ScopeKey, str]] = set()
    for index, entry in enumerate(entries):
        where = f"memories[{index}]"
        if not isinstance(entry, Mapping):
            raise FixtureError(f"{where} must be an object.")
        unknown = sorted(set(entry) - valid)
        if unknown:
            raise FixtureError(
                f"{where} has unknown field(s) {', '.join(unknown)}; "
                f"valid fields: {', '.join(sorted(valid))}."
            )
        key = _fixture_scope(entry, where, (org_id, project_id), id_fields)
        text = entry.get("memory")
        if not isinstance(text, str) or not text:
            raise FixtureError(f"{where}.memory must be a non-empty string.")
        memory_id = entry.get("id") or derive_id(seed, "fixture", key, index, text)
        if not isinstance(memory_id, str):
            raise FixtureError(f"{where}.id must be a string.")
        if (key, memory_id) in seen:
            raise FixtureError(f"{where}.id {memory_id!r} is used twice in the same scope.")
        seen.add((key, memory_id))
        built.append((key, _fixture_memory(entry, where, memory_id, text)))
    return built


def _fixture_scope(
    entry: Mapping[str, Any], where: str, tenant: tuple[str, str], id_fields: Sequence[str]
) -> ScopeKey:
    for name in (*TENANT_FIELDS, *id_fields):
        if entry.get(name) is not None and not isinstance(entry[name], str):
            raise FixtureError(f"{where}.{name} must be a string or null.")
    ids = [entry.get(name) or None for name in id_fields]
    if not any(ids):
        raise FixtureError(f"{where} needs at least one of {', '.join(id_fields)}.")
    tenant_ids = [
        entry.get(name) or default for name, default in zip(TENANT_FIELDS, tenant, strict=True)
    ]
    return (*tenant_ids, *ids)


def _fixture_memory(
    entry: Mapping[str, Any], where: str, memory_id: str, text: str
) -> StoredMemory:
    expires = entry.get("expiration_date")
    if expires is not None:
        try:
            expires = datetime.date.fromisoformat(expires)
        except (TypeError, ValueError):
            raise FixtureError(
                f"{where}.expiration_date must be a date YYYY-MM-DD or null."
            ) from None
    categories = entry.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise FixtureError(f"{where}.categories must be a list of strings.")
    metadata = entry.get("metadata")
    if metadata is not None and not isinstance(metadata, Mapping):
        raise FixtureError(f"{where}.metadata must be an object or null.")
    immutable = entry.get("immutable", False)
    if not isinstance(immutable, bool):
        raise FixtureError(f"{where}.immutable must be true or false.")
    subject = entry.get("subject", _guess_subject(text))
    if subject is not None and not isinstance(subject, str):
        raise FixtureError(f"{where}.subject must be a string or null.")
    return StoredMemory(
        id=memory_id,
        memory=text,
        subject=subject,
        immutable=immutable,
        expiration_date=expires,
        categories=tuple(categories),
        metadata=metadata,
    )


def _guess_subject(text: str) -> str | None:
    """The subject the extractor gives this exact fact, so later adds can UPDATE or DELETE it."""
    for statement in extract(text):
        if isinstance(statement, Fact) and statement.text.casefold() == text.casefold():
            return statement.subject
    return None
