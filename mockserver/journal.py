"""The request journal: each request to the mock and its answer, newest last, bounded.

Recording is cheap on purpose (it is on the hot path): an entry keeps references to the parsed body
and the response value the handler already built; headers are masked only when the journal is read.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Sequence
from typing import Any

from mockserver.auth import mask_authorization

__all__ = ["Journal", "JournalEntry"]


@dataclasses.dataclass(frozen=True)
class JournalEntry:
    seq: int
    method: str
    path: str
    query: str
    headers: tuple[tuple[bytes, bytes], ...]
    body: Any  # parsed JSON, or the text when the body is not JSON, or None when empty
    status: int
    response: Any  # the JSON value answered

    def as_json(self) -> dict[str, Any]:
        headers: dict[str, str] = {}
        for raw_name, raw_value in self.headers:
            name = raw_name.decode("latin-1").lower()
            value = raw_value.decode("latin-1")
            headers[name] = mask_authorization(value) if name == "authorization" else value
        return {
            "seq": self.seq,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": headers,
            "body": self.body,
            "status": self.status,
            "response": self.response,
        }


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: collections.deque[JournalEntry] = collections.deque(maxlen=size)
        self._seq = 0
        self.size = size

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def record(self, entry: JournalEntry) -> None:
        if self.size:
            self._entries.append(entry)

    def entries(self, limit: int | None = None) -> Sequence[JournalEntry]:
        entries = list(self._entries)
        return entries[-limit:] if limit else entries

    @property
    def total(self) -> int:
        """Requests recorded since the start or the last reset (the journal keeps the newest)."""
        return self._seq

    def __len__(self) -> int:
        return len(self._entries)

    def reset(self) -> None:
        self._entries.clear()
        self._seq = 0
