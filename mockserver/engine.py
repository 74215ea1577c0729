"""Reconcile one add request with a scope's memories: the ADD / UPDATE / DELETE events it causes.

Pure and deterministic: no I/O, no clock (``AddOptions.today``), no randomness; ids come from the
caller's ``new_id``. The rules are documented in ``docs/EXTRACTION.md``; in short:

- ``infer: false`` stores every user/assistant message verbatim (exact duplicates: no event);
- ``infer: true`` extracts facts from user messages (``mockserver.extract``) and, for each in order:
  identical to a live memory -> nothing; same subject as a live mutable memory -> UPDATE of the most
  recent one; otherwise ADD. Retractions DELETE the live mutable memories they name.
- Immutable memories are never updated or deleted; expired ones (``expiration_date < today``) stay
  in the list but no longer count for matching.
- Several steps on one memory within a request collapse into one event, so ids are unique within a
  response (ADD then DELETE -> no event at all; ADD then UPDATE -> one ADD of the final text).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from mockserver.extract import Fact, Retraction, extract, stance_of, topic_words

# Roles whose turns may become memories; system turns instruct, they never state user facts.
STORED_ROLES = frozenset({"user", "assistant"})
# Only the user's own statements are facts about the user (infer: true).
FACT_ROLES = frozenset({"user"})

# Mem0's default categories (used when a request sends no custom_categories), with descriptions
# written in the topic vocabulary of mockserver.extract so facts meet them.
DEFAULT_CATEGORIES: Mapping[str, str] = {
    "personal_details": "name, age, birthday, nationality, origin, home, address, location, "
    "residence, languages, contact, identity and personality",
    "family": "family, relationships, partner, spouse, children, siblings, parents and pets",
    "professional_details": "work, job, career, employer, business, education, study and school",
    "sports": "sports, fitness and exercise",
    "travel": "travel, trips, vacations, holidays, destinations and visits",
    "food": "food, diet, eating, cuisine, drinks and meals",
    "music": "music, instruments, bands and concerts",
    "health": "health, medical conditions, allergies, medication and wellbeing",
    "technology": "technology, computers, software, phones and gadgets",
    "hobbies": "hobbies, interests, leisure, fun, activities and pastimes",
    "fashion": "fashion, clothes, shoes and style",
    "entertainment": "entertainment, movies, films, books, tv shows, games and media",
    "milestones": "milestones, achievements, graduations, weddings and anniversaries",
    "user_preferences": "preferences, likes, dislikes, favourites and tastes",
}
# The default set's catch-all, as in Mem0, for facts no other default category covers.
FALLBACK_CATEGORY = "misc"


class EngineError(Exception):
    """A caller broke the engine's contract (e.g. ``new_id`` returned an id already in use)."""


@dataclass(frozen=True)
class StoredMemory:
    id: str
    memory: str
    # What the fact is about ("residence", "preference:sushi", ...); None for verbatim memories.
    subject: str | None
    immutable: bool
    expiration_date: datetime.date | None
    categories: tuple[str, ...]
    metadata: Mapping[str, Any] | None


@dataclass(frozen=True)
class MemoryEvent:
    id: str
    event: str  # "ADD" | "UPDATE" | "DELETE"
    memory: str  # for DELETE: the deleted memory's text
    previous_memory: str | None  # the replaced text, on UPDATE only


@dataclass(frozen=True)
class AddOptions:
    infer: bool
    includes: str | None
    excludes: str | None
    immutable: bool
    expiration_date: datetime.date | None
    custom_categories: Mapping[str, str] | None  # name -> description (already normalised)
    metadata: Mapping[str, Any] | None
    today: datetime.date


@dataclass
class _Slot:
    """A memory while the request is reconciled; events are derived from it at the end."""

    memory: StoredMemory
    original: str | None  # text before this request; None for a memory this request adds
    deleted: bool = False
    touched: int | None = None  # order of the first change, for event ordering

    @property
    def is_new(self) -> bool:
        return self.original is None


def is_live(memory: StoredMemory, today: datetime.date) -> bool:
    """Whether a memory still counts for matching (not past its expiration date)."""
    return memory.expiration_date is None or memory.expiration_date >= today


def apply_add(
    memories: Sequence[StoredMemory],
    messages: Sequence[Mapping[str, Any]],
    options: AddOptions,
    new_id: Callable[[str], str],
) -> tuple[list[MemoryEvent], list[StoredMemory]]:
    """Pure: the events this add causes and the scope's memories afterwards (order preserved).

    Example:
        >>> opts = AddOptions(infer=True, includes=None, excludes=None, immutable=False,
        ...     expiration_date=None, custom_categories=None, metadata=None,
        ...     today=datetime.date(2026, 1, 1))
        >>> events, after = apply_add([], [{"role": "user", "content": "I live in Berlin"}],
        ...     opts, lambda text: "m1")
        >>> [(e.event, e.memory) for e in events]
        [('ADD', 'Lives in Berlin')]
    """
    run = _Run(memories, options)
    if options.infer:
        run.infer(messages)
    else:
        run.verbatim(messages)
    return run.finish(new_id)


class _Run:
    def __init__(self, memories: Sequence[StoredMemory], options: AddOptions) -> None:
        self.options = options
        self.slots = [_Slot(memory=m, original=m.memory) for m in memories]
        self.steps = 0
        # A filter that names no topic word ("", "things") restricts nothing.
        self.includes = topic_words(options.includes or "") or None
        self.excludes = topic_words(options.excludes or "")
        self.categories = _category_words(options.custom_categories)

    # -- the two modes ------------------------------------------------------------------------

    def verbatim(self, messages: Sequence[Mapping[str, Any]]) -> None:
        seen = {s.memory.memory for s in self._live() if s.memory.subject is None}
        for message in messages:
            content = message.get("content")
            if message.get("role") not in STORED_ROLES or not isinstance(content, str):
                continue
            if not content.strip() or content in seen:
                continue
            seen.add(content)
            topics = frozenset().union(*(f.topics for f in _facts(content)))
            self._add(content, None, topics)

    def infer(self, messages: Sequence[Mapping[str, Any]]) -> None:
        for message in messages:
            content = message.get("content")
            if message.get("role") not in FACT_ROLES or not isinstance(content, str):
                continue
            for statement in extract(content):
                if isinstance(statement, Retraction):
                    self._retract(statement)
                elif self._wanted(statement):
                    self._state(statement)

    # -- reconciliation -----------------------------------------------------------------------

    def _live(self) -> list[_Slot]:
        today = self.options.today
        return [s for s in self.slots if not s.deleted and is_live(s.memory, today)]

    def _wanted(self, fact: Fact) -> bool:
        if self.includes is not None and not fact.topics & self.includes:
            return False
        return not fact.topics & self.excludes

    def _state(self, fact: Fact) -> None:
        live = self._live()
        folded = fact.text.casefold()
        if any(s.memory.memory.casefold() == folded for s in live):
            return
        target = None
        if not self.options.immutable:
            mutable = [s for s in live if not s.memory.immutable and s.memory.subject is not None]
            same = [s for s in mutable if s.memory.subject == fact.subject]
            refined = [s for s in mutable if s.memory.subject in fact.updates]
            candidates = same or refined
            target = candidates[-1] if candidates else None
        if target is None:
            self._add(fact.text, fact.subject, fact.topics)
        else:
            self._update(target, fact)

    def _retract(self, retraction: Retraction) -> None:
        mutable = [s for s in self._live() if not s.memory.immutable]
        if retraction.last:
            targets = mutable[-1:]
        else:
            targets = [s for s in mutable if _retracts(retraction, s.memory)]
        for slot in targets:
            slot.deleted = True
            self._touch(slot)

    def _add(self, text: str, subject: str | None, topics: frozenset[str]) -> None:
        memory = StoredMemory(
            id="",
            memory=text,
            subject=subject,
            immutable=self.options.immutable,
            expiration_date=self.options.expiration_date,
            categories=self._categorise(topics),
            metadata=dict(self.options.metadata) if self.options.metadata is not None else None,
        )
        slot = _Slot(memory=memory, original=None)
        self.slots.append(slot)
        self._touch(slot)

    def _update(self, slot: _Slot, fact: Fact) -> None:
        old = slot.memory.metadata
        metadata: Mapping[str, Any] | None = old
        if self.options.metadata is not None:
            metadata = {**(old or {}), **self.options.metadata}
        slot.memory = replace(
            slot.memory,
            memory=fact.text,
            subject=fact.subject,
            expiration_date=self.options.expiration_date,
            categories=self._categorise(fact.topics),
            metadata=metadata,
        )
        self._touch(slot)

    def _touch(self, slot: _Slot) -> None:
        if slot.touched is None:
            slot.touched = self.steps
            self.steps += 1

    def _categorise(self, topics: frozenset[str]) -> tuple[str, ...]:
        chosen = tuple(name for name, words in self.categories if words & topics)
        if self.options.custom_categories is None and not chosen:
            return (FALLBACK_CATEGORY,)
        return chosen

    # -- the result ---------------------------------------------------------------------------

    def finish(self, new_id: Callable[[str], str]) -> tuple[list[MemoryEvent], list[StoredMemory]]:
        used = {s.memory.id for s in self.slots if not s.is_new}
        touched = sorted((s for s in self.slots if s.touched is not None), key=_touch_order)
        events: list[MemoryEvent] = []
        for slot in touched:
            if slot.is_new:
                if slot.deleted:
                    continue
                memory_id = new_id(slot.memory.memory)
                if not isinstance(memory_id, str) or not memory_id or memory_id in used:
                    raise EngineError(
                        f"new_id returned {memory_id!r}: ids must be non-empty strings not yet "
                        "used in the scope (rule 1)."
                    )
                used.add(memory_id)
                slot.memory = replace(slot.memory, id=memory_id)
                events.append(MemoryEvent(memory_id, "ADD", slot.memory.memory, None))
            elif slot.deleted:
                assert slot.original is not None
                events.append(MemoryEvent(slot.memory.id, "DELETE", slot.original, None))
            elif slot.memory.memory != slot.original:
                events.append(
                    MemoryEvent(slot.memory.id, "UPDATE", slot.memory.memory, slot.original)
                )
        return events, [s.memory for s in self.slots if not s.deleted]


def _touch_order(slot: _Slot) -> int:
    return slot.touched if slot.touched is not None else -1


def _facts(content: str) -> list[Fact]:
    return [s for s in extract(content) if isinstance(s, Fact)]


def _retracts(retraction: Retraction, memory: StoredMemory) -> bool:
    """Whether a retraction names this memory: by subject (or its prefix), words and stance."""
    subject = memory.subject
    if retraction.subjects and (
        subject is None
        or not any(subject == s or subject.startswith(f"{s}:") for s in retraction.subjects)
    ):
        return False
    if retraction.value is not None:
        said = topic_words(f"{memory.memory} {(subject or '').replace(':', ' ')}")
        if not all(word in said for word in retraction.value.split()):
            return False
    return retraction.stance is None or stance_of(memory.memory) == retraction.stance


def _category_words(
    custom: Mapping[str, str] | None,
) -> list[tuple[str, frozenset[str]]]:
    chosen = DEFAULT_CATEGORIES if custom is None else custom
    return [(name, topic_words(f"{name} {desc}")) for name, desc in chosen.items()]
