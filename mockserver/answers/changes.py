"""Changes by id (`PUT`, `DELETE`, the batch and entity deletions): each writes its memory's
history row, so history shows every change whichever operation made it."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from mockserver.memory.extract import Fact, extract, topic_words
from mockserver.memory.model import HistoryRow, StoredMemory
from mockserver.state.store import ScopeKey, ScopeMemories

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["UNSET", "delete_memories", "linked_ids", "update_memory"]

UNSET: Any = object()  # a field the request does not change


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
    store = state.store
    old = scope.memories[position]
    now = store.clock.now()
    changed = old._replace(updated_at=now)
    if text is not None:
        facts = [s for s in extract(text) if isinstance(s, Fact)]
        topics = frozenset().union(*(f.topics for f in facts)) if facts else topic_words(text)
        changed = changed._replace(memory=text, topics=topics)
    if metadata is not UNSET:
        changed = changed._replace(metadata=metadata)
    if expiration_date is not UNSET:
        changed = changed._replace(expiration_date=expiration_date)
    memories = list(scope.memories)
    memories[position] = changed
    store.keep(key, scope, memories)
    row = _row(state, key, scope, changed, "UPDATE", old.memory, changed.memory, now)
    store.record_history(key, scope, [row])
    return changed


def delete_memories(
    state: MockState, key: ScopeKey, scope: ScopeMemories, ids: Collection[str]
) -> int:
    """Delete these memories of the scope, each with a DELETE row; how many were deleted."""
    store = state.store
    now = store.clock.now()
    gone = [m for m in scope.memories if m.id in ids]
    if not gone:
        return 0
    store.keep(key, scope, [m for m in scope.memories if m.id not in ids])
    rows = [_row(state, key, scope, m, "DELETE", m.memory, None, now) for m in gone]
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
        input=(),
        categories=memory.categories,
        metadata=metadata,
        created_at=now,
    )
