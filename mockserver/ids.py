"""Deterministic ids: UUIDv5 over the seed, the scope, a per-scope counter and the content.

No clock and no global counter enter an id, so the same seed and the same requests give the same
ids on any machine, and requests to one scope never shift the ids of another.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

__all__ = ["NAMESPACE", "derive_id"]

# Fixed forever: changing it changes every id the mock has ever given out.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/mem0-contract-kit/mockserver")

_SEPARATOR = "\x1f"  # a control character no scope id, kind or counter contains unescaped


def derive_id(seed: int, kind: str, scope: Sequence[str | None], counter: int, text: str) -> str:
    """The id of the `counter`-th thing of `kind` ("memory", "event", "fixture") in `scope`.

    Example:
        >>> derive_id(0, "memory", ("org", "proj", "alice", None, None, None), 1, "Likes tea")
        'b58f56a0-54f1-5c8e-9e8a-4b0f4c7e2b51'  # doctest: +SKIP
    """
    parts = [str(seed), kind, *("" if part is None else repr(part) for part in scope)]
    parts += [str(counter), text]
    return str(uuid.uuid5(NAMESPACE, _SEPARATOR.join(parts)))
