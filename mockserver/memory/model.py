"""The memory model: a stored memory, the event an add reports, and what an add asks for.

A memory belongs to one scope (org, project and the add's scope ids; `mockserver/state/store.py`)
and counts for matching while it is live: not deleted, and not past its expiration date.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = [
    "FACT_ROLES",
    "STORED_ROLES",
    "AddOptions",
    "MemoryEvent",
    "StoredMemory",
    "is_live",
]

# Roles whose turns may become memories; system turns instruct, they never state user facts.
STORED_ROLES = frozenset({"user", "assistant"})
# Only the user's own statements are facts about the user (infer: true).
FACT_ROLES = frozenset({"user"})


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


def is_live(memory: StoredMemory, today: datetime.date) -> bool:
    """Whether a memory still counts for matching (not past its expiration date)."""
    return memory.expiration_date is None or memory.expiration_date >= today
