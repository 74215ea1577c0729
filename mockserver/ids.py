"""Deterministic ids: UUIDv5 over the seed, the scope, a per-scope counter and the content.

No clock and no global counter enter an id, so the same seed and the same requests give the same
ids on any machine, and requests to one scope never shift the ids of another.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

__all__ = ["NAMESPACE", "derive_id"]

# Fixed forever: changing it changes every id the mock has ever given out.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/mem0-contract-kit/mockserver")

_SEPARATOR = "\x1f"  # a control character no scope id, kind or counter contains unescaped


def derive_id(seed: int, kind: str, scope: Sequence[str | None], counter: int, text: str) -> str:
    """The id of the `counter`-th thing of `kind` ("memory", "event", "fixture") in `scope`."""
    parts = [str(seed), kind, *("" if part is None else repr(part) for part in scope)]
    parts += [str(counter), text]
    # uuid.uuid5 itself, but with "surrogatepass": JSON may carry lone surrogates ("\udc80"),
    # which strict UTF-8 cannot encode.
    name = _SEPARATOR.join(parts).encode("utf-8", "surrogatepass")
    digest = hashlib.sha1(NAMESPACE.bytes + name, usedforsecurity=False).digest()
    return str(uuid.UUID(bytes=digest[:16], version=5))
