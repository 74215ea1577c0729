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
- ``supersede`` (v3 adds) reports ADDs only: where v1 would UPDATE a memory, a new memory is added
  and the old one keeps its text with ``replaced_by`` naming the new one; where v1 would DELETE, a
  "No longer ..." memory supersedes it. Superseded memories no longer count for matching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from mockserver.memory.categories import CategoryTable
from mockserver.memory.extract import Fact, Retraction, extract, stance_of, topic_words
from mockserver.memory.live_index import LiveIndex
from mockserver.memory.model import (
    FACT_ROLES,
    STORED_ROLES,
    AddOptions,
    MemoryEvent,
    StoredMemory,
    id_of,
    is_current,
    is_live,
)

__all__ = ["AddTooCostly", "ReconcileError", "apply_add"]


class ReconcileError(Exception):
    """A caller broke the reconciliation's contract (e.g. ``new_id`` returned an id in use)."""


class AddTooCostly(Exception):
    """The add's retractions would look at more than ``limit`` memories (``max_checks``)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def apply_add(
    memories: Sequence[StoredMemory],
    messages: Sequence[Mapping[str, Any]],
    options: AddOptions,
    new_id: Callable[[str], str],
    *,
    max_checks: int | None = None,
) -> tuple[list[MemoryEvent], list[StoredMemory]]:
    """Pure: the events this add causes and the scope's memories afterwards (order preserved).

    Each retraction looks only at the memories an index names as candidates; `AddTooCostly`
    when they would add up to more than `max_checks` (None: no bound).

    Example:
        >>> import datetime
        >>> opts = AddOptions(infer=True, includes=None, excludes=None, immutable=False,
        ...     expiration_date=None, custom_categories=None, metadata=None,
        ...     today=datetime.date(2026, 1, 1))
        >>> events, after = apply_add([], [{"role": "user", "content": "I live in Berlin"}],
        ...     opts, lambda text: "m1")
        >>> [(e.event, e.memory) for e in events]
        [('ADD', 'Lives in Berlin')]
    """
    run = _Run(memories, options, max_checks)
    if options.infer:
        run.infer(messages)
    else:
        run.verbatim(messages)
    return run.finish(new_id)


class _Run:
    """One request's reconciliation: the scope's memories by position, and what changed.

    Memories are not copied into per-item objects (scopes can hold thousands); changes are kept
    beside them: which positions are deleted, the text each touched memory had before, and the
    order of first touches (the order of the events). A `LiveIndex` answers "already remembered?"
    and "the most recent memory about this subject" without a scan.
    """

    def __init__(
        self, memories: Sequence[StoredMemory], options: AddOptions, max_checks: int | None
    ) -> None:
        self.options = options
        self.items = list(memories)  # the scope's memories now; this request's ADDs appended
        self.known = len(self.items)  # items below this position existed before the request
        self.deleted: set[int] = set()
        self.original: dict[int, str] = {}  # position -> text before the request, once touched
        self.touched: dict[int, None] = {}  # positions in order of their first change
        self.successor: dict[int, int] = {}  # superseded position -> its successor's (v3)
        # A filter that names no topic word ("", "things") restricts nothing.
        self.includes = topic_words(options.includes) or None if options.includes else None
        self.excludes = topic_words(options.excludes) if options.excludes else frozenset()
        self.categories = CategoryTable(options.custom_categories)
        self.max_checks = max_checks
        self.checks = 0  # memories a retraction looked at, for max_checks
        self._said: dict[int, frozenset[str]] = {}  # position -> its words (for retractions)
        today = options.today  # nothing is deleted yet: `_live()` without its `deleted` check
        live = (i for i, m in enumerate(self.items) if is_current(m, today))
        self.index = LiveIndex.of(self.items, live, self._words_of)

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

    def _is_live(self, i: int) -> bool:
        return i not in self.deleted and is_current(self.items[i], self.options.today)

    def _live(self) -> list[int]:
        """Positions of the memories that count for matching: not deleted, not expired."""
        return [i for i in range(len(self.items)) if self._is_live(i)]

    def _wanted(self, fact: Fact) -> bool:
        if self.includes is not None and not fact.topics & self.includes:
            return False
        return not fact.topics & self.excludes

    def _state(self, fact: Fact) -> None:
        if self.index.remembers(fact.text):
            return  # already remembered, word for word
        target = None
        if not self.options.immutable:
            target = self.index.latest(fact.subject)
            if target is None:  # else the most recent memory this fact refines
                refined = [i for s in fact.updates if (i := self.index.latest(s)) is not None]
                target = max(refined, default=None)
        if target is None:
            self._add(fact.text, fact.subject, fact.topics)
        elif self.options.supersede:
            self._supersede(target, fact.text, fact.subject, fact.topics)
        else:
            self._update(target, fact)

    def _retract(self, retraction: Retraction) -> None:
        if retraction.last:
            last = self.index.last_mutable()
            targets = [] if last is None else [last]
        else:
            # Candidates from the index (by subject, else by the words named), each checked.
            if retraction.subjects:
                candidates: Iterable[int] = self.index.about(retraction.subjects)
            else:
                words = retraction.value.split() if retraction.value is not None else ()
                candidates = self.index.having(words)
            targets = sorted(i for i in candidates if self._check(retraction, i))
        for i in targets:
            if self.options.supersede:
                old = self.items[i]
                self._supersede(i, f"No longer: {old.memory}", None, old.topics)
                continue
            self._touch(i)
            self.index.remove(i, self.items[i])
            self.deleted.add(i)

    def _check(self, retraction: Retraction, i: int) -> bool:
        self.checks += 1
        if self.max_checks is not None and self.checks > self.max_checks:
            raise AddTooCostly(self.max_checks)
        return self.index.is_mutable_live(i) and _retracts(
            retraction, self.items[i], self._words_of(i)
        )

    def _words_of(self, i: int) -> frozenset[str]:
        """The words a retraction's value is looked up in: the memory's text and subject."""
        said = self._said.get(i)
        if said is None:
            memory = self.items[i]
            said = topic_words(f"{memory.memory} {(memory.subject or '').replace(':', ' ')}")
            self._said[i] = said
        return said

    def _supersede(self, i: int, text: str, subject: str | None, topics: frozenset[str]) -> None:
        """v3: a new memory replaces `i`, which stays (not current) until `finish` names its
        successor in `replaced_by`."""
        self._touch(i)
        self.index.remove(i, self.items[i])
        self._add(text, subject, topics)
        self.successor[i] = len(self.items) - 1
        # Out of matching from now on (finish() writes the real id).
        self.items[i] = self.items[i]._replace(replaced_by="")

    def _add(self, text: str, subject: str | None, topics: frozenset[str]) -> None:
        memory = StoredMemory(
            id="",  # drawn in finish(), only if the memory survives the request
            memory=text,
            subject=subject,
            immutable=self.options.immutable,
            expiration_date=self.options.expiration_date,
            categories=self.categories.categorise(topics),
            metadata=dict(self.options.metadata) if self.options.metadata is not None else None,
            topics=topics,
            created_at=self.options.now,
            updated_at=self.options.now,
        )
        self.items.append(memory)
        position = len(self.items) - 1
        self._touch(position)
        if is_live(memory, self.options.today):
            self.index.add(position, memory)

    def _update(self, i: int, fact: Fact) -> None:
        self._touch(i)
        self.index.remove(i, self.items[i])
        memory = self.items[i]
        metadata = memory.metadata
        if self.options.metadata is not None:
            metadata = {**(metadata or {}), **self.options.metadata}
        self.items[i] = memory._replace(
            memory=fact.text,
            subject=fact.subject,
            expiration_date=self.options.expiration_date,
            categories=self.categories.categorise(fact.topics),
            metadata=metadata,
            topics=fact.topics,
            updated_at=self.options.now,
        )
        self._said.pop(i, None)
        if is_live(self.items[i], self.options.today):
            self.index.add(i, self.items[i])

    def _touch(self, i: int) -> None:
        if i not in self.touched:
            self.touched[i] = None
            if i < self.known:
                self.original[i] = self.items[i].memory

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
                    used = set(map(id_of, self.items[: self.known]))
                memory_id = new_id(memory.memory)
                if not isinstance(memory_id, str) or not memory_id or memory_id in used:
                    raise ReconcileError(
                        f"new_id returned {memory_id!r}: ids must be non-empty strings not yet "
                        "used in the scope (rule 1)."
                    )
                used.add(memory_id)
                self.items[i] = memory._replace(id=memory_id)
                events.append(MemoryEvent(memory_id, "ADD", memory.memory, None))
            elif i in self.successor:
                continue  # superseded: its successor's ADD is the event; replaced_by set below
            elif i in self.deleted:
                events.append(MemoryEvent(memory.id, "DELETE", self.original[i], None))
            elif memory.memory != self.original[i]:
                events.append(MemoryEvent(memory.id, "UPDATE", memory.memory, self.original[i]))
        for old, new in self.successor.items():
            self.items[old] = self.items[old]._replace(replaced_by=self.items[new].id)
        if not self.deleted:  # the common case: `items` is this run's own list, kept whole
            return events, self.items
        kept = [m for i, m in enumerate(self.items) if i not in self.deleted]
        return events, kept


def _facts(content: str) -> list[Fact]:
    return [s for s in extract(content) if isinstance(s, Fact)]


def _retracts(retraction: Retraction, memory: StoredMemory, said: frozenset[str]) -> bool:
    """Whether a retraction names this memory: by subject (or its prefix), words and stance."""
    subject = memory.subject
    if retraction.subjects and (
        subject is None
        or not any(subject == s or subject.startswith(f"{s}:") for s in retraction.subjects)
    ):
        return False
    if retraction.value is not None and not all(word in said for word in retraction.value.split()):
        return False
    return retraction.stance is None or stance_of(memory.memory) == retraction.stance
