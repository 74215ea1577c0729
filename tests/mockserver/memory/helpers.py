"""Helpers for the memory model's tests: an add's options, and one scope across several adds."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mockserver.memory.model import AddOptions, StoredMemory
from mockserver.memory.reconcile import apply_add

TODAY = datetime.date(2026, 6, 1)


def options(**changes: Any) -> AddOptions:
    base = AddOptions(
        infer=True,
        includes=None,
        excludes=None,
        immutable=False,
        expiration_date=None,
        custom_categories=None,
        metadata=None,
        today=TODAY,
    )
    return dataclasses.replace(base, **changes)


def ids() -> Callable[[str], str]:
    counter = itertools.count(1)
    return lambda text: f"m{next(counter)}"


def user(*contents: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": c} for c in contents]


class Scope:
    """One scope's memories across several adds, as the mock's store keeps them."""

    def __init__(self, memories: Sequence[StoredMemory] = ()) -> None:
        self.memories = list(memories)
        self.new_id = ids()

    def add(
        self, messages: str | Sequence[Mapping[str, Any]], **changes: Any
    ) -> list[tuple[str, str, str | None]]:
        if isinstance(messages, str):
            messages = user(messages)
        events, self.memories = apply_add(self.memories, messages, options(**changes), self.new_id)
        return [(e.event, e.memory, e.previous_memory) for e in events]

    def texts(self) -> list[str]:
        return [m.memory for m in self.memories]

    def get(self, text: str) -> StoredMemory:
        return next(m for m in self.memories if m.memory == text)


def stored(text: str, subject: str | None, **changes: Any) -> StoredMemory:
    base = StoredMemory(
        id=f"old-{text}",
        memory=text,
        subject=subject,
        immutable=False,
        expiration_date=None,
        categories=(),
        metadata=None,
    )
    return base._replace(**changes)
