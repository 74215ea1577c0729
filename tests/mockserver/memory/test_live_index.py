"""mockserver.memory.live_index: the lookups one reconciliation makes without scanning a scope."""

from __future__ import annotations

from mockserver.memory.live_index import LiveIndex
from mockserver.memory.model import StoredMemory
from tests.mockserver.memory.helpers import stored

MEMORIES = [
    stored("Has a dog named Rex", "pet:dog:rex"),
    stored("Has a dog", "pet:dog"),
    stored("Has a cat", "pet:cat"),
    stored("Likes tea", "preference:tea"),
    stored("Petunia is a flower", "petunia"),
    stored("Fixed fact", "pet:fish", immutable=True),
    stored("note about tea and cake", None),
]


def _index(memories: list[StoredMemory]) -> LiveIndex:
    index = LiveIndex(lambda i: frozenset(memories[i].memory.casefold().split()))
    for position, memory in enumerate(memories):
        index.add(position, memory)
    return index


def test_a_subject_covers_its_sub_subjects_at_colons_only() -> None:
    index = _index(MEMORIES)
    assert sorted(index.about(["pet"])) == [0, 1, 2]  # not petunia, not the immutable fish
    assert sorted(index.about(["pet:dog"])) == [0, 1]
    assert sorted(index.about(["pet:dog", "pet"])) == [0, 1, 2]  # each once
    assert list(index.about(["pe"])) == []


def test_removed_memories_leave_every_lookup() -> None:
    index = _index(MEMORIES)
    assert sorted(index.having(["tea"])) == [3, 6]
    index.remove(3, MEMORIES[3])
    index.remove(0, MEMORIES[0])
    assert sorted(index.having(["tea"])) == [6]
    assert sorted(index.about(["pet"])) == [1, 2]
    assert index.latest("preference:tea") is None
    assert not index.remembers("likes TEA")
    assert index.remembers("has a DOG")


def test_having_answers_from_the_rarest_word() -> None:
    index = _index(MEMORIES)
    assert set(index.having(["has", "cat"])) == {2}  # candidates: the caller checks the rest
    assert set(index.having(["absent", "has"])) == set()
    assert set(index.having([])) == {0, 1, 2, 3, 4, 6}  # every live mutable memory


def test_last_mutable_skips_removed_and_immutable_memories() -> None:
    index = _index(MEMORIES)
    assert index.last_mutable() == 6
    index.remove(6, MEMORIES[6])
    assert index.last_mutable() == 4  # 5 is immutable
    for position in (4, 3, 2, 1, 0):
        index.remove(position, MEMORIES[position])
    assert index.last_mutable() is None
