"""`Authorization: Token <api-key>`, checked by the mock itself before anything else is read.

openapi-core only checks that the header is present, so the key's value is checked here; a missing
header, another scheme, an empty key and an unknown key all get 401 with `WWW-Authenticate: Token`.
"""

from __future__ import annotations

import hmac

__all__ = ["SCHEME", "authorization_problem", "mask_authorization", "mask_key"]

SCHEME = "Token"
_HOW = "send 'Authorization: Token <api-key>'"


def authorization_problem(header: str | None, keys: frozenset[str]) -> str | None:
    """None when the header names a known key, else the sentence the 401 carries."""
    if header is None:
        return f"Authentication credentials were not provided; {_HOW}."
    scheme, _, key = header.partition(" ")
    if scheme != SCHEME or not key or key != key.strip():
        return f"The Authorization header must be 'Token <api-key>'; {_HOW}."
    if not _known(key, keys):
        return "Invalid API key."
    return None


def _known(key: str, keys: frozenset[str]) -> bool:
    """Constant-time comparison with every accepted key, so timing never hints at a key."""
    given = key.encode("utf-8", "surrogatepass")
    found = False
    for accepted in keys:
        found |= hmac.compare_digest(given, accepted.encode("utf-8", "surrogatepass"))
    return found


def mask_authorization(value: str) -> str:
    """`Token mock-key` -> `Token mock****`: enough to tell keys apart, never the whole key
    (at most 4 characters, and never more than half of it: `Token k3y9` -> `Token k3****`)."""
    scheme, space, key = value.partition(" ")
    if not space:
        return "****" if value else value
    return f"{scheme} {mask_key(key)}"


def mask_key(key: str) -> str:
    return f"{key[: min(4, len(key) // 2)]}****"
