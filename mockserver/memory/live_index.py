"""The indexes one reconciliation keeps over a scope's live memories, so that each fact is matched
in time independent of the scope's size (a 20,000-message add stays linear).

- how many live memories have each folded text (a fact already remembered word for word causes
  no event);
- per subject, the ascending positions of the live mutable memories about it ("the most recent"
  is the highest position, the one an UPDATE or a retraction names).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from mockserver.memory.model import StoredMemory

__all__ = ["LiveIndex"]


class LiveIndex:
    def __init__(self) -> None:
        self._texts: dict[str, int] = {}
        self._by_subject: dict[str, list[int]] = {}

    def add(self, position: int, memory: StoredMemory) -> None:
        folded = memory.memory.casefold()
        self._texts[folded] = self._texts.get(folded, 0) + 1
        if not memory.immutable and memory.subject is not None:
            bisect.insort(self._by_subject.setdefault(memory.subject, []), position)

    def remove(self, position: int, memory: StoredMemory) -> None:
        """Forget a memory `add` indexed at `position`."""
        self._texts[memory.memory.casefold()] -= 1
        if not memory.immutable and memory.subject is not None:
            self._by_subject[memory.subject].remove(position)

    def remembers(self, text: str) -> bool:
        """Whether a live memory has exactly this text (case folded)."""
        return self._texts.get(text.casefold(), 0) > 0

    def latest(self, subject: str) -> int | None:
        """The most recent live mutable memory about `subject`."""
        group = self._by_subject.get(subject)
        return group[-1] if group else None

    def about(self, subjects: tuple[str, ...]) -> Iterator[int]:
        """Positions of the live mutable memories about any of `subjects` or a sub-subject
        (`preference` covers `preference:sushi`)."""
        for subject, group in self._by_subject.items():
            if any(subject == s or subject.startswith(f"{s}:") for s in subjects):
                yield from group
