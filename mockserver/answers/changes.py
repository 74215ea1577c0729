"""Changes by id (`PUT`, `DELETE`, the batch and entity deletions): each writes its memory's
history row, so history shows every change whichever operation made it."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from mockserver.answers.large import LARGE_ANSWER, shaped
from mockserver.memory.extract import Fact, extract, topic_words
from mockserver.memory.model import HistoryRow, StoredMemory
from mockserver.state.store import ScopeKey, ScopeMemories

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = [
    "UNSET",
    "Change",
    "changed_rows",
    "delete_memories",
    "linked_ids",
    "text_topics",
    "update_memories",
    "update_memory",
]

UNSET: Any = object()  # a field the request does not change


class Change(NamedTuple):
    """What one update asks of one memory (`UNSET`: keep it), and its instant."""

    memory_id: str
    now: datetime.datetime
    text: str | None = None
    metadata: Any = UNSET
    expiration_date: Any = UNSET


def text_topics(text: str) -> frozenset[str]:
    """The topics of a memory's new text: its facts' topics, else its words (pure: a batch of
    long texts computes them in a worker thread)."""
    facts = [s for s in extract(text) if isinstance(s, Fact)]
    return frozenset().union(*(f.topics for f in facts)) if facts else topic_words(text)


def update_memory(
    state: MockState,
    key: ScopeKey,
    scope: ScopeMemories,
    position: int,
    *,
    text: str | None = None,
    metadata: Any = UNSET,
    expiration_date: Any = UNSET,
) -> StoredMemory:
    """Change one memory in place; its UPDATE row names the old and the new text."""
    memory_id = scope.memories[position].id
    topics = {text: text_topics(text)} if text is not None else {}
    change = Change(memory_id, state.store.clock.now(), text, metadata, expiration_date)
    return update_memories(state, key, scope, [change], topics)[0]


def update_memories(
    state: MockState,
    key: ScopeKey,
    scope: ScopeMemories,
    changes: Sequence[Change],
    topics: Mapping[str, frozenset[str]],
) -> list[StoredMemory]:
    """Change memories of one scope (each named by a change, in order; ids it no longer holds
    are skipped), stored once: the cost is the scope's size plus the changes', not their
    product. Each change writes its UPDATE row. `topics` holds each new text's."""
    memories, changed_all, rows = changed_rows(state, key, scope, changes, topics)
    state.store.keep(key, scope, memories)
    state.store.record_history(key, scope, rows)
    return changed_all


def changed_rows(
    state: MockState,
    key: ScopeKey,
    scope: ScopeMemories,
    changes: Sequence[Change],
    topics: Mapping[str, frozenset[str]],
) -> tuple[list[StoredMemory], list[StoredMemory], list[HistoryRow]]:
    """`update_memories` without the store's write: the scope's memories afterwards, the changed
    ones and their rows (pure but for the id counters; a large batch computes it in a thread)."""
    memories = list(scope.memories)
    where = {memory.id: i for i, memory in enumerate(memories)}
    changed_all: list[StoredMemory] = []
    rows = []
    for change in changes:
        position = where.get(change.memory_id)
        if position is None:
            continue
        old = memories[position]
        now = change.now
        changed = old._replace(updated_at=now)
        if change.text is not None:
            changed = changed._replace(memory=change.text, topics=topics[change.text])
        if change.metadata is not UNSET:
            changed = changed._replace(metadata=change.metadata)
        if change.expiration_date is not UNSET:
            changed = changed._replace(expiration_date=change.expiration_date)
        memories[position] = changed
        changed_all.append(changed)
        rows.append(_row(state, key, scope, changed, "UPDATE", old.memory, changed.memory, now))
    return memories, changed_all, rows


async def delete_memories(
    state: MockState, key: ScopeKey, scope: ScopeMemories, ids: Collection[str]
) -> int:
    """Delete these memories of the scope, each with a DELETE row; how many were deleted. Many
    at once wait for the scope's running add and write their rows in a worker thread."""
    if len(ids) <= LARGE_ANSWER and not state.scope_locks.busy(key):
        return _delete(state, key, scope, ids, [])
    async with state.scope_locks.hold(key):
        gone = [m for m in scope.memories if m.id in ids]
        now = state.store.clock.now()
        rows = await shaped(
            len(gone),
            lambda: [_row(state, key, scope, m, "DELETE", m.memory, None, now) for m in gone],
        )
        return _delete(state, key, scope, ids, rows)


def _delete(
    state: MockState,
    key: ScopeKey,
    scope: ScopeMemories,
    ids: Collection[str],
    rows: list[HistoryRow],
) -> int:
    store = state.store
    gone = [m for m in scope.memories if m.id in ids]
    if not gone:
        return 0
    if not rows:
        now = store.clock.now()
        rows = [_row(state, key, scope, m, "DELETE", m.memory, None, now) for m in gone]
    store.keep(key, scope, [m for m in scope.memories if m.id not in ids])
    store.record_history(key, scope, rows)
    return len(gone)


def linked_ids(scope: ScopeMemories, memory_id: str) -> set[str]:
    """The memory and every older one it superseded, transitively (`delete_linked`)."""
    predecessors: dict[str, list[str]] = {}
    for memory in scope.memories:
        if memory.replaced_by is not None:
            predecessors.setdefault(memory.replaced_by, []).append(memory.id)
    found, stack = {memory_id}, [memory_id]
    while stack:
        for older in predecessors.get(stack.pop(), ()):
            if older not in found:
                found.add(older)
                stack.append(older)
    return found


def _row(
    state: MockState,
    key: ScopeKey,
    scope: ScopeMemories,
    memory: StoredMemory,
    event: str,
    old: str | None,
    new: str | None,
    now: Any,
) -> HistoryRow:
    metadata: Mapping[str, Any] | None = memory.metadata
    return HistoryRow(
        id=state.store.new_history_id(key, scope, memory.id),
        memory_id=memory.id,
        event=event,
        old_memory=old,
        new_memory=new,
        input=b"[]",
        categories=memory.categories,
        metadata=metadata,
        created_at=now,
    )
