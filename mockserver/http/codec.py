"""The one JSON encoding of every answer and the one decoding of every request body."""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["json_bytes", "json_value"]

# Built once: `json.dumps` with options builds a new encoder on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_ASCII_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False)


def json_bytes(value: Any) -> bytes:
    """Compact, UTF-8, key order as built (deterministic)."""
    text = _ENCODER.encode(value)
    try:
        return text.encode()
    except UnicodeEncodeError:  # a lone surrogate from the request: escape it, as JSON allows
        return _ASCII_ENCODER.encode(value).encode()


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # 1e400: JSON, but no double holds it, and no answer could carry it
        shown = text if len(text) <= 20 else f"{text[:20]}..."
        raise ValueError(f"the number {shown} is too large")
    return value


# Built once, like the encoders; NaN and Infinity are not JSON (RFC 8259), so they are refused,
# and so is a number too large for a double (it would come back as Infinity).
_DECODER = json.JSONDecoder(parse_constant=_no_constants, parse_float=_finite)


def json_value(text: str) -> Any:
    """A request body's value; `ValueError` (or `RecursionError`) if it is not JSON."""
    return _DECODER.decode(text)
