"""The request journal: each request to the mock and its answer, newest last, bounded.

Two bounds, the oldest entries going first: a number of entries (`journal_size`) and the bytes of
the bodies they hold (`journal_max_bytes`, request plus response), so a run of large bodies cannot
grow the journal to `journal_size` times the body limit.

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
    size: int = 0  # bytes of the request and response bodies, for the journal's byte bound

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
    def __init__(self, size: int, max_bytes: int) -> None:
        self._entries: collections.deque[JournalEntry] = collections.deque()
        self._seq = 0
        self._bytes = 0
        self.size = size
        self.max_bytes = max_bytes

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def record(self, entry: JournalEntry) -> None:
        if not self.size:
            return
        self._entries.append(entry)
        self._bytes += entry.size
        while len(self._entries) > self.size or (
            self._bytes > self.max_bytes and len(self._entries) > 1
        ):
            self._bytes -= self._entries.popleft().size

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
        self._bytes = 0
