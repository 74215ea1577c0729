"""`Prefer` requests from the people testing against the mock: one documented error, or a delay.

- `Prefer: code=429` answers with that documented error (with its required headers);
- `Prefer: delay=300` waits 300 ms first. Both may be combined: `Prefer: code=503, delay=100`.
Unknown preferences are ignored, as RFC 7240 asks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from mockserver.validation.numbers import whole_number

__all__ = ["MAX_DELAY_MS", "Prefer", "PreferError", "parse_prefer"]

MAX_DELAY_MS = 60_000
_SHOWN = 20  # characters of a refused value the answer repeats


class PreferError(ValueError):
    """A Prefer header the mock cannot honour; the message says why."""


@dataclasses.dataclass(frozen=True)
class Prefer:
    code: int | None = None
    delay_ms: int = 0


def parse_prefer(values: Iterable[str], documented: Iterable[int]) -> Prefer:
    """The mock's preferences from every Prefer header; unknown preferences are ignored (RFC 7240).

    Example:
        >>> parse_prefer(["code=429, delay=10"], {200, 429})
        Prefer(code=429, delay_ms=10)
    """
    code: int | None = None
    delay = 0
    allowed = sorted(documented)
    for value in values:
        for item in value.replace(";", ",").split(","):
            name, _, raw = item.partition("=")
            name, raw = name.strip().lower(), raw.strip().strip('"')
            shown = raw if len(raw) <= _SHOWN else f"{raw[:_SHOWN]}..."
            if name == "code":
                number = whole_number(raw)
                if number is None or number not in allowed:
                    raise PreferError(
                        f"Prefer code={shown} is not a status this operation documents; "
                        f"use one of {', '.join(map(str, allowed))}."
                    )
                code = number
            elif name == "delay":
                number = whole_number(raw)
                if number is None or number > MAX_DELAY_MS:
                    raise PreferError(
                        f"Prefer delay={shown} must be whole milliseconds from 0 to {MAX_DELAY_MS}."
                    )
                delay = number
    return Prefer(code=code, delay_ms=delay)
