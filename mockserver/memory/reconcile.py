"""Reconcile one add request with a scope's memories: the ADD / UPDATE / DELETE events it causes.

Pure and deterministic: no I/O, no clock (``AddOptions.today``), no randomness; ids come from the
caller's ``new_id``. The rules are documented in ``docs/EXTRACTION.md``; in short:

- ``infer: false`` stores every user/assistant message verbatim (exact duplicates: no event);
- ``infer: true`` extracts facts from user messages (``mockserver.memory.extract``) and, for each in
  order: identical to a live memory -> nothing; same subject as a live mutable memory -> UPDATE of
  the most recent one; otherwise ADD. Retractions DELETE the live mutable memories they name.
- Immutable memories are never updated or deleted; expired ones (``expiration_date < today``) stay
  in the list but no longer count for matching.
- Several steps on one memory within a request collapse into one event, so ids are unique within a
  response (ADD then DELETE -> no event at all; ADD then UPDATE -> one ADD of the final text).
"""

from __future__ import annotations

import bisect
import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from mockserver.memory.extract import Fact, Retraction, extract, stance_of, topic_words

__all__ = [
    "DEFAULT_CATEGORIES",
    "FACT_ROLES",
    "FALLBACK_CATEGORY",
    "STORED_ROLES",
    "AddOptions",
    "EngineError",
    "MemoryEvent",
    "StoredMemory",
    "apply_add",
    "is_live",
]

# Roles whose turns may become memories; system turns instruct, they never state user facts.
STORED_ROLES = frozenset({"user", "assistant"})
# Only the user's own statements are facts about the user (infer: true).
FACT_ROLES = frozenset({"user"})

# Mem0's default categories (used when a request sends no custom_categories), with descriptions
# written in the topic vocabulary of mockserver.memory.extract so facts meet them.
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


class StoredMemory(NamedTuple):
    """One memory of a scope. A tuple, not a dataclass: a scope store holds many, and a tuple of
    strings, dates and plain JSON values drops out of the garbage collector's sweeps."""

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
    """One request's reconciliation: the scope's memories by index, and what changed.

    Memories are not copied into per-item objects (scopes can hold thousands); changes are kept
    beside them: which indexes are deleted, the text each touched memory had before, and the
    order of first touches (the order of the events). Two indexes over the live memories keep each
    fact's reconciliation independent of the scope's size (a 20,000-message add stays linear):
    how many live memories have each folded text, and, per subject, the ascending indexes of the
    live mutable memories about it ("the most recent" is the highest index).
    """

    def __init__(self, memories: Sequence[StoredMemory], options: AddOptions) -> None:
        self.options = options
        self.items = list(memories)  # the scope's memories now; this request's ADDs appended
        self.known = len(self.items)  # items below this index existed before the request
        self.deleted: set[int] = set()
        self.original: dict[int, str] = {}  # index -> text before the request, once touched
        self.touched: dict[int, None] = {}  # indexes in order of their first change
        # A filter that names no topic word ("", "things") restricts nothing.
        self.includes = topic_words(options.includes) or None if options.includes else None
        self.excludes = topic_words(options.excludes) if options.excludes else frozenset()
        self.categories = _category_words(options.custom_categories)
        self.texts: dict[str, int] = {}
        self.by_subject: dict[str, list[int]] = {}
        for i in self._live():
            self._index(i)

    # -- the two modes ------------------------------------------------------------------------

    def verbatim(self, messages: Sequence[Mapping[str, Any]]) -> None:
        seen = {self.items[i].memory for i in self._live() if self.items[i].subject is None}
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

    def _live(self) -> list[int]:
        """Indexes of the memories that count for matching: not deleted, not expired."""
        today, deleted = self.options.today, self.deleted
        return [
            i
            for i, m in enumerate(self.items)
            if i not in deleted and (m.expiration_date is None or m.expiration_date >= today)
        ]

    def _wanted(self, fact: Fact) -> bool:
        if self.includes is not None and not fact.topics & self.includes:
            return False
        return not fact.topics & self.excludes

    def _index(self, i: int) -> None:
        memory = self.items[i]
        folded = memory.memory.casefold()
        self.texts[folded] = self.texts.get(folded, 0) + 1
        if not memory.immutable and memory.subject is not None:
            bisect.insort(self.by_subject.setdefault(memory.subject, []), i)

    def _unindex(self, i: int) -> None:
        memory = self.items[i]
        self.texts[memory.memory.casefold()] -= 1  # it was counted by _index
        if not memory.immutable and memory.subject is not None:
            self.by_subject[memory.subject].remove(i)

    def _latest(self, subject: str) -> int | None:
        group = self.by_subject.get(subject)
        return group[-1] if group else None

    def _state(self, fact: Fact) -> None:
        if self.texts.get(fact.text.casefold(), 0) > 0:
            return  # already remembered, word for word
        target = None
        if not self.options.immutable:
            target = self._latest(fact.subject)
            if target is None:  # else the most recent memory this fact refines
                refined = [i for s in fact.updates if (i := self._latest(s)) is not None]
                target = max(refined, default=None)
        if target is None:
            self._add(fact.text, fact.subject, fact.topics)
        else:
            self._update(target, fact)

    def _retract(self, retraction: Retraction) -> None:
        if retraction.last:
            targets = self._last_mutable()
        elif retraction.subjects:
            # Only memories with a subject can match; they are all in the subject index.
            targets = sorted(
                i
                for subject, group in self.by_subject.items()
                if any(subject == s or subject.startswith(f"{s}:") for s in retraction.subjects)
                for i in group
                if _retracts(retraction, self.items[i])
            )
        else:
            targets = [
                i
                for i in self._live()
                if not self.items[i].immutable and _retracts(retraction, self.items[i])
            ]
        for i in targets:
            self._touch(i)
            self._unindex(i)
            self.deleted.add(i)

    def _last_mutable(self) -> list[int]:
        today = self.options.today
        for i in range(len(self.items) - 1, -1, -1):
            memory = self.items[i]
            expired = memory.expiration_date is not None and memory.expiration_date < today
            if i not in self.deleted and not expired and not memory.immutable:
                return [i]
        return []

    def _add(self, text: str, subject: str | None, topics: frozenset[str]) -> None:
        memory = StoredMemory(
            id="",  # drawn in finish(), only if the memory survives the request
            memory=text,
            subject=subject,
            immutable=self.options.immutable,
            expiration_date=self.options.expiration_date,
            categories=self._categorise(topics),
            metadata=dict(self.options.metadata) if self.options.metadata is not None else None,
        )
        self.items.append(memory)
        self._touch(len(self.items) - 1)
        if memory.expiration_date is None or memory.expiration_date >= self.options.today:
            self._index(len(self.items) - 1)

    def _update(self, i: int, fact: Fact) -> None:
        self._touch(i)
        self._unindex(i)
        memory = self.items[i]
        metadata = memory.metadata
        if self.options.metadata is not None:
            metadata = {**(metadata or {}), **self.options.metadata}
        self.items[i] = memory._replace(
            memory=fact.text,
            subject=fact.subject,
            expiration_date=self.options.expiration_date,
            categories=self._categorise(fact.topics),
            metadata=metadata,
        )
        if is_live(self.items[i], self.options.today):
            self._index(i)

    def _touch(self, i: int) -> None:
        if i not in self.touched:
            self.touched[i] = None
            if i < self.known:
                self.original[i] = self.items[i].memory

    def _categorise(self, topics: frozenset[str]) -> tuple[str, ...]:
        chosen = tuple(name for name, words in self.categories if words & topics)
        if self.options.custom_categories is None and not chosen:
            return (FALLBACK_CATEGORY,)
        return chosen

    # -- the result ---------------------------------------------------------------------------

    def finish(self, new_id: Callable[[str], str]) -> tuple[list[MemoryEvent], list[StoredMemory]]:
        events: list[MemoryEvent] = []
        used: set[str] | None = None
        for i in self.touched:
            memory = self.items[i]
            if i >= self.known:  # added by this request
                if i in self.deleted:
                    continue
                if used is None:
                    used = {m.id for m in self.items[: self.known]}
                memory_id = new_id(memory.memory)
                if not isinstance(memory_id, str) or not memory_id or memory_id in used:
                    raise EngineError(
                        f"new_id returned {memory_id!r}: ids must be non-empty strings not yet "
                        "used in the scope (rule 1)."
                    )
                used.add(memory_id)
                self.items[i] = memory._replace(id=memory_id)
                events.append(MemoryEvent(memory_id, "ADD", memory.memory, None))
            elif i in self.deleted:
                events.append(MemoryEvent(memory.id, "DELETE", self.original[i], None))
            elif memory.memory != self.original[i]:
                events.append(MemoryEvent(memory.id, "UPDATE", memory.memory, self.original[i]))
        kept = [m for i, m in enumerate(self.items) if i not in self.deleted]
        return events, kept


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


def _category_words(custom: Mapping[str, str] | None) -> tuple[tuple[str, frozenset[str]], ...]:
    if custom is None:
        return _DEFAULT_CATEGORY_TABLE
    return _category_table(tuple(custom.items()))


@functools.lru_cache(maxsize=256)
def _category_table(
    categories: tuple[tuple[str, str], ...],
) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each category's topic words, from its name and description (cached: requests repeat)."""
    return tuple((name, topic_words(f"{name} {desc}")) for name, desc in categories)


_DEFAULT_CATEGORY_TABLE = _category_table(tuple(DEFAULT_CATEGORIES.items()))
