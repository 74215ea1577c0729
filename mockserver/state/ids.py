"""Deterministic ids: UUIDv5 over the seed, the scope, a per-scope counter and the content.

No clock and no global counter enter an id, so the same seed and the same requests give the same
ids on any machine, and requests to one scope never shift the ids of another.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Sequence

__all__ = ["NAMESPACE", "derive_id"]

# Fixed forever: changing it changes every id the mock has ever given out.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/mem0-contract-kit/mockserver")

_NAMESPACE_BYTES = NAMESPACE.bytes  # a property that builds new bytes on every read
_SEPARATOR = "\x1f"  # a control character no scope id, kind or counter contains unescaped


def derive_id(seed: int, kind: str, scope: Sequence[str | None], counter: int, text: str) -> str:
    """The id of the `counter`-th thing of `kind` ("memory", "event", "fixture") in `scope`:
    `uuid.uuid5(NAMESPACE, "seed␟kind␟scope…␟counter␟text")`, computed without the uuid module's
    overhead (this is on the hot path) and with "surrogatepass", since JSON may carry lone
    surrogates ("\\udc80") that strict UTF-8 cannot encode."""
    name = f"{_prefix(seed, kind, tuple(scope))}{counter}{_SEPARATOR}{text}"
    digest = bytearray(
        hashlib.sha1(
            _NAMESPACE_BYTES + name.encode("utf-8", "surrogatepass"), usedforsecurity=False
        ).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@functools.lru_cache(maxsize=4096)
def _prefix(seed: int, kind: str, scope: tuple[str | None, ...]) -> str:
    parts = [str(seed), kind, *("" if part is None else repr(part) for part in scope)]
    return _SEPARATOR.join(parts) + _SEPARATOR
