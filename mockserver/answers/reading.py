"""What the read operations share: whose memories a request may see (its tenant), which of them
a filter, `show_expired` and `latest_only` leave, oldest first, and where the reading is done:
on the event loop for a small store, in a worker thread (`off_loop`) for a large one, so no read
holds every other client (a search of 20,000 memories under a 1,000-condition filter takes
seconds). A read in a thread sees the store as it is; only the loop writes it, replacing a
scope's list of memories whole, never changing one in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from mockserver.answers.large import encoded
from mockserver.answers.rejection import reject
from mockserver.answers.views import entity_ids
from mockserver.http.messages import Incoming, Reply
from mockserver.memory.filters import ENTITY_KEYS, FilterError, compile_filters, entity_ids_named
from mockserver.memory.model import StoredMemory
from mockserver.state.store import ScopeKey
from mockserver.validation.wording import FieldError

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = [
    "OFFLOAD_READ_MEMORIES",
    "Found",
    "equal_ids_predicate",
    "filter_predicate",
    "found_memories",
    "off_loop",
    "query_entity_ids",
    "tenant",
]

# Reads of a store holding more memories than this are done in a worker thread: below it the
# costliest read (a search under a 1,000-condition filter) takes a few milliseconds.
OFFLOAD_READ_MEMORIES = 1_000

Found = tuple[ScopeKey, StoredMemory]
Predicate = Callable[[Mapping[str, str | None], StoredMemory], bool]


async def off_loop(state: MockState, read: Callable[[], Reply]) -> Reply:
    """`read()`, in a worker thread when the store is large, its answer encoded there too (its
    `Rejected` passes through)."""
    if state.store.memory_total <= OFFLOAD_READ_MEMORIES:
        return read()
    return await anyio.to_thread.run_sync(lambda: encoded(read()))


def tenant(state: MockState, given: Mapping[str, Any]) -> tuple[str, str]:
    """The org and project a request reads: the key's, unless it names others."""
    return (
        given.get("org_id") or state.settings.org_id,
        given.get("project_id") or state.settings.project_id,
    )


class ScopePredicate:
    """A predicate that reads only a memory's entity ids: the same for every memory of a scope,
    so `found_memories` asks it once per scope instead of once per memory."""

    def __init__(self, predicate: Predicate) -> None:
        self.predicate = predicate

    def __call__(self, scope: Mapping[str, str | None], memory: StoredMemory) -> bool:
        return self.predicate(scope, memory)


def filter_predicate(state: MockState, filters: Any, *, require_entity: bool) -> Predicate:
    """`filters` compiled, or a 400 naming the field and the rule."""
    try:
        predicate = compile_filters(filters)
        if _entities_only(filters):
            predicate = ScopePredicate(predicate)
        if require_entity and not entity_ids_named(filters):
            names = ", ".join(state.scope_fields)
            raise FilterError("filters", f"must name at least one of {names}")
    except FilterError as error:
        reject(400, f"{error.field}: {error.rule}.", (FieldError(error.field, error.rule),))
    return predicate


def _entities_only(filters: Any) -> bool:
    """Whether a (compiled, so well-formed) filter reads nothing but entity ids."""
    pending = [filters]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(item)
            continue
        if not isinstance(item, Mapping):
            return False
        for key, value in item.items():
            if key in ("AND", "OR", "NOT"):
                pending.append(value)
            elif key not in ENTITY_KEYS:
                return False
    return True


def query_entity_ids(
    state: MockState, request: Incoming, operation_id: str, hint: str = ""
) -> dict[str, str]:
    """The entity ids a query names, or the 400 of the operation's `x-at-least-one-of` rule."""
    wanted = state.spec.at_least_one_query(operation_id)
    ids = {name: request.params[name] for name in wanted if name in request.params}
    if not ids:
        rule = f"at least one of {', '.join(wanted)} must be given in the query{hint}"
        reject(400, f"{rule[0].upper()}{rule[1:]}.", (FieldError(wanted[0], rule),))
    return ids


def equal_ids_predicate(ids: Mapping[str, str]) -> Predicate:
    """Memories whose entity ids equal the given ones (`*`: any value); others unconstrained."""
    wanted = tuple(ids.items())

    def holds(scope: Mapping[str, str | None], memory: StoredMemory) -> bool:
        del memory
        for name, value in wanted:
            have = scope.get(name)
            if have is None or (value != "*" and have != value):
                return False
        return True

    return ScopePredicate(holds)


def found_memories(
    state: MockState,
    owner: tuple[str, str],
    predicate: Predicate,
    *,
    show_expired: bool = False,
    latest_only: bool = False,
    ordered: bool = True,
) -> list[Found]:
    """The tenant's memories the predicate holds for, oldest first (ties in store order) or,
    not `ordered`, in store order."""
    today = state.settings.current_date()
    per_scope = isinstance(predicate, ScopePredicate)
    found: list[Found] = []
    # A copy (made at once, in C): a read in a worker thread must not see scopes come and go.
    for key, scope in list(state.store.scopes.items()):
        if key[:2] != owner or not scope.memories:
            continue
        ids = entity_ids(state, key)
        memories: Iterable[StoredMemory] = scope.memories
        if not show_expired:
            # is_live, inlined: this runs over every memory of a scope per read
            memories = [
                m for m in memories if m.expiration_date is None or m.expiration_date >= today
            ]
        if latest_only:
            memories = [m for m in memories if m.replaced_by is None]
        if per_scope:  # one question per scope, then the scope's memories in one step
            if predicate(ids, scope.memories[0]):
                found.extend([(key, memory) for memory in memories])
        else:
            found.extend([(key, memory) for memory in memories if predicate(ids, memory)])
    if ordered and len(state.store.scopes) > 1:  # one scope's memories are in order already
        found.sort(key=lambda item: item[1].created_at)
    return found
