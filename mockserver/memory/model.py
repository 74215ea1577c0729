"""The memory model: a stored memory, the event an add reports, and what an add asks for.

A memory belongs to one scope (org, project and the add's scope ids; `mockserver/state/store.py`)
and counts for matching while it is live: not deleted, and not past its expiration date.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = [
    "EPOCH",
    "FACT_ROLES",
    "STORED_ROLES",
    "AddOptions",
    "HistoryRow",
    "MemoryEvent",
    "StoredMemory",
    "id_of",
    "is_current",
    "is_live",
    "text_of",
]

# The default instant of a memory whose creation time nobody gave (fixtures without one).
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

# Roles whose turns may become memories; system turns instruct, they never state user facts.
STORED_ROLES = frozenset({"user", "assistant"})
# Only the user's own statements are facts about the user (infer: true).
FACT_ROLES = frozenset({"user"})


class StoredMemory(NamedTuple):
    """One memory of a scope. A tuple, not a dataclass: a scope store holds many, and a tuple is
    smaller and quicker to build. The collector still tracks it (CPython untracks exact tuples
    only); `mockserver/collector.py` keeps its sweeps short."""

    id: str
    memory: str
    # What the fact is about ("residence", "preference:sushi", ...); None for verbatim memories.
    subject: str | None
    immutable: bool
    expiration_date: datetime.date | None
    categories: tuple[str, ...]
    metadata: Mapping[str, Any] | None
    # What search matches beside the text's words: the fact's topic words (docs/SEARCH.md).
    topics: frozenset[str] = frozenset()
    created_at: datetime.datetime = EPOCH
    updated_at: datetime.datetime = EPOCH
    # A v3 add supersedes instead of updating: the id of the memory that replaced this one.
    replaced_by: str | None = None


@dataclass(frozen=True)
class MemoryEvent:
    """What an add did to one memory, as its answer reports it."""

    id: str
    event: str  # "ADD" | "UPDATE" | "DELETE"
    memory: str  # for DELETE: the deleted memory's text
    previous_memory: str | None  # the replaced text, on UPDATE only


@dataclass(frozen=True)
class AddOptions:
    """An add's options, defaults applied (`mockserver/answers/memories.py` builds them)."""

    infer: bool
    includes: str | None
    excludes: str | None
    immutable: bool
    expiration_date: datetime.date | None
    custom_categories: Mapping[str, str] | None  # name -> description (already normalised)
    metadata: Mapping[str, Any] | None
    today: datetime.date
    # The write's instant (created_at / updated_at of what it touches): the store's clock.
    now: datetime.datetime = EPOCH
    # v3 semantics: ADD only; a changed or retracted fact supersedes the old memory.
    supersede: bool = False


# A memory's id and text, for walks over a whole scope in C (`map(id_of, memories)`).
id_of = operator.attrgetter("id")
text_of = operator.attrgetter("memory")


def is_live(memory: StoredMemory, today: datetime.date) -> bool:
    """Whether a memory still counts (not past its expiration date)."""
    return memory.expiration_date is None or memory.expiration_date >= today


def is_current(memory: StoredMemory, today: datetime.date) -> bool:
    """Whether an add matches against the memory: live and not superseded by a newer one."""
    return memory.replaced_by is None and is_live(memory, today)


class HistoryRow(NamedTuple):
    """One change to one memory, as `GET /v1/memories/{id}/history/` lists it."""

    id: str
    memory_id: str
    event: str  # "ADD" | "UPDATE" | "DELETE"
    old_memory: str | None
    new_memory: str | None
    # The roles and contents of the add that made the change, as compact ASCII JSON: one bytes
    # object shared by every row of that add, a fifth of the dicts it was decoded into (a load
    # run keeps hundreds of thousands of rows). b"[]" for PUT and DELETE by id.
    input: bytes
    categories: tuple[str, ...]
    metadata: Mapping[str, Any] | None
    created_at: datetime.datetime
