"""The request journal: each request to the mock and its answer, newest last, bounded.

Two bounds, the oldest entries going first: a number of entries (`journal_size`) and the bytes of
the bodies they hold (`journal_max_bytes`, request plus response), so a run of large bodies cannot
grow the journal to `journal_size` times the body limit.

Recording is cheap on purpose (it is on the hot path): an entry keeps the request's body and the
answer's body as the bytes that were sent, and the request headers as they came; bodies are parsed
and keys masked only when the journal is read.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from mockserver.http.codec import json_bytes, json_value
from mockserver.validation.auth import mask_authorization, mask_key

__all__ = ["Journal", "JournalEntry"]


class JournalEntry(NamedTuple):  # a tuple: the cheapest record to build on the hot path
    seq: int
    method: str
    path: str
    query: str
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes  # the request body as received
    status: int
    response: bytes  # the JSON answered, as sent

    @property
    def size(self) -> int:
        """Bytes of the request and response bodies, for the journal's byte bound."""
        return len(self.body) + len(self.response)

    def as_json(self) -> dict[str, Any]:
        headers: dict[str, str] = {}
        for raw_name, raw_value in self.headers:
            name = raw_name.decode("latin-1").lower()
            value = raw_value.decode("latin-1")
            shown = _shown_header(name, value)
            # A repeated header shows all its values in the order sent (auth reads the first),
            # joined as HTTP combines field lines.
            if name in headers:
                shown = f"{headers[name]}{'; ' if name == 'cookie' else ', '}{shown}"
            headers[name] = shown
        return {
            "seq": self.seq,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": headers,
            "body": _shown_body(self.body),
            "status": self.status,
            "response": json.loads(self.response),
        }


# Header names that carry a credential: masked whole, or pair by pair in a cookie.
_SCHEMES = frozenset({"authorization", "proxy-authorization"})
_COOKIES = frozenset({"cookie", "set-cookie", "cookie2", "set-cookie2"})
_SECRET_WORDS = ("key", "token", "secret", "passw", "auth", "credential", "session", "signature")


def _shown_header(name: str, value: str) -> str:
    """A header as the journal shows it: `Authorization` and `Proxy-Authorization` keep their
    scheme, a cookie its names, and any header whose name speaks of a key, token, secret,
    password, session or signature is masked like a key (`X-Api-Key: sk-1****`)."""
    if name in _SCHEMES:
        return mask_authorization(value)
    if name in _COOKIES:
        pairs = value.split(";")
        if name.startswith("set-"):  # the cookie, then attributes (Path, Expires) kept as sent
            first, *attributes = pairs
            return ";".join([_masked_pair(first), *attributes])
        return ";".join(_masked_pair(pair) for pair in pairs)
    if any(word in name for word in _SECRET_WORDS):
        return mask_key(value) if value else value
    return value


def _masked_pair(pair: str) -> str:
    cookie, equals, value = pair.partition("=")
    return f"{cookie}{equals}{mask_key(value.strip())}" if equals else mask_key(pair)


def _shown_body(raw: bytes) -> Any:
    """The body as JSON when it parses as the mock parsed it and fits in the journal's answer
    (nested as deep as `{"entries": [{"body": ...}]}` allows), else its text; None when empty."""
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        value = json_value(text)
        json_bytes({"entries": [{"body": value}]})
    except (ValueError, RecursionError):
        return text
    return value


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
