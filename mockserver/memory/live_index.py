"""The indexes one reconciliation keeps over a scope's live memories, so that each fact and each
retraction is matched in time independent of the scope's size (an add costs in proportion to its
bytes and to the memories it touches, not to the memories it does not).

- how many live memories have each folded text (a fact already remembered word for word causes
  no event);
- per subject, the ascending positions of the live mutable memories about it ("the most recent"
  is the highest position, the one an UPDATE or a retraction names), and per subject prefix
  (`pet` of `pet:dog:rex`) the subjects under it, so "forget my pets" finds them without a scan;
- the live mutable memories, and (built on the first retraction that names words but no
  subject) per topic word the live mutable memories whose text or subject has it.

`remove` is given the memory as `add` indexed it (the caller's `words_of` still answers for it);
what the index yields are candidates, which the caller checks against the retraction.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence

from mockserver.memory.model import StoredMemory

__all__ = ["LiveIndex"]


class LiveIndex:
    def __init__(self, words_of: Callable[[int], frozenset[str]]) -> None:
        self._texts: dict[str, int] = {}
        self._by_subject: dict[str, list[int]] = {}
        self._under: dict[str, set[str]] = {}  # subject prefix -> subjects with memories
        self._mutable: set[int] = set()  # live mutable positions
        self._latest: list[int] = []  # max-heap (negated) over _mutable, stale entries popped
        self._words_of = words_of
        self._by_word: dict[str, set[int]] | None = None  # built on first use

    @classmethod
    def of(
        cls,
        items: Sequence[StoredMemory],
        positions: Iterable[int],
        words_of: Callable[[int], frozenset[str]],
    ) -> LiveIndex:
        """The index of `items` at `positions` (ascending): what `add` of each in turn builds,
        without its per-call costs (each add builds one over the whole scope: 10,000 at most)."""
        index = cls(words_of)
        texts, by_subject, under = index._texts, index._by_subject, index._under
        mutable = []
        for position in positions:
            memory = items[position]
            folded = memory.memory.casefold()
            texts[folded] = texts.get(folded, 0) + 1
            if memory.immutable:
                continue
            mutable.append(position)
            subject = memory.subject
            if subject is None:
                continue
            group = by_subject.get(subject)
            if group is None:
                by_subject[subject] = [position]
                for prefix in _prefixes(subject):
                    under.setdefault(prefix, set()).add(subject)
            else:
                group.append(position)  # ascending: insort would append too
        index._mutable = set(mutable)
        index._latest = [-position for position in reversed(mutable)]  # sorted: a heap already
        return index

    def add(self, position: int, memory: StoredMemory) -> None:
        folded = memory.memory.casefold()
        self._texts[folded] = self._texts.get(folded, 0) + 1
        if memory.immutable:
            return
        self._mutable.add(position)
        heapq.heappush(self._latest, -position)
        if self._by_word is not None:
            for word in self._words_of(position):
                self._by_word.setdefault(word, set()).add(position)
        subject = memory.subject
        if subject is not None:
            group = self._by_subject.get(subject)
            if not group:
                group = self._by_subject[subject] = []
                for prefix in _prefixes(subject):
                    self._under.setdefault(prefix, set()).add(subject)
            bisect.insort(group, position)

    def remove(self, position: int, memory: StoredMemory) -> None:
        """Forget a memory `add` indexed at `position`."""
        self._texts[memory.memory.casefold()] -= 1
        if memory.immutable:
            return
        self._mutable.discard(position)
        if self._by_word is not None:
            for word in self._words_of(position):
                self._by_word.get(word, set()).discard(position)
        subject = memory.subject
        if subject is not None:
            group = self._by_subject[subject]
            del group[bisect.bisect_left(group, position)]
            if not group:
                for prefix in _prefixes(subject):
                    self._under[prefix].discard(subject)

    def remembers(self, text: str) -> bool:
        """Whether a live memory has exactly this text (case folded)."""
        return self._texts.get(text.casefold(), 0) > 0

    def latest(self, subject: str) -> int | None:
        """The most recent live mutable memory about `subject`."""
        group = self._by_subject.get(subject)
        return group[-1] if group else None

    def last_mutable(self) -> int | None:
        """The most recent live mutable memory ("scratch that")."""
        while self._latest and -self._latest[0] not in self._mutable:
            heapq.heappop(self._latest)
        return -self._latest[0] if self._latest else None

    def about(self, subjects: Iterable[str]) -> Iterator[int]:
        """Positions of the live mutable memories about any of `subjects` or a sub-subject
        (`preference` covers `preference:sushi`), each once."""
        seen: set[str] = set()
        for prefix in subjects:
            for subject in self._under.get(prefix, ()):
                if subject not in seen:
                    seen.add(subject)
                    yield from self._by_subject[subject]

    def having(self, words: Iterable[str]) -> Iterable[int]:
        """Candidates among the live mutable memories that have every one of `words` (all of
        them when `words` is empty): the smallest posting."""
        wanted = list(words)
        if not wanted:
            return self._mutable
        if self._by_word is None:
            self._by_word = {}
            for position in self._mutable:
                for word in self._words_of(position):
                    self._by_word.setdefault(word, set()).add(position)
        postings = [self._by_word.get(word, set()) for word in wanted]
        return min(postings, key=len)

    def is_mutable_live(self, position: int) -> bool:
        return position in self._mutable


def _prefixes(subject: str) -> Iterator[str]:
    """`pet`, `pet:dog`, `pet:dog:rex` for `pet:dog:rex`."""
    end = subject.find(":")
    while end != -1:
        yield subject[:end]
        end = subject.find(":", end + 1)
    yield subject
