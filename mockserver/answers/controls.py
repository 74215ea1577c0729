"""Controls for the people testing against the mock: Prefer, latency, faults and a rate limit.

- `Prefer: code=429` answers with that documented error (with its required headers);
  `Prefer: delay=300` waits 300 ms first. Both may be combined: `Prefer: code=503, delay=100`.
- `fault_rate` answers a deterministic fraction of valid requests with 500: the choice is a hash of
  the seed, the request's channel (its scope, or the operation) and the channel's request count.
- `rate_limit_per_minute` counts requests per key in fixed one-minute windows (wall clock, since
  Retry-After must mean real seconds); only headers depend on the clock, never bodies.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import math
import time
from collections.abc import Callable, Hashable, Iterable

__all__ = ["FaultPlan", "Prefer", "PreferError", "RateLimiter", "RateWindow", "parse_prefer"]

MAX_DELAY_MS = 60_000
_WINDOW_SECONDS = 60


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
            if name == "code":
                if not raw.isdigit() or int(raw) not in allowed:
                    raise PreferError(
                        f"Prefer code={raw} is not a status this operation documents; "
                        f"use one of {', '.join(map(str, allowed))}."
                    )
                code = int(raw)
            elif name == "delay":
                if not raw.isdigit() or int(raw) > MAX_DELAY_MS:
                    raise PreferError(
                        f"Prefer delay={raw} must be whole milliseconds from 0 to {MAX_DELAY_MS}."
                    )
                delay = int(raw)
    return Prefer(code=code, delay_ms=delay)


@dataclasses.dataclass(frozen=True)
class RateWindow:
    """One request's place in its key's window, and the headers that describe it."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: int  # Unix seconds at which the window ends
    retry_after: int  # whole seconds until then, at least 1

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }

    def throttled_headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after), **self.headers()}

    @property
    def detail(self) -> str:
        return f"Request was throttled. Expected available in {self.retry_after} seconds."


class RateLimiter:
    """Fixed one-minute windows per API key."""

    def __init__(self, per_minute: int | None, clock: Callable[[], float] = time.time) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._counts: dict[str, tuple[int, int]] = {}  # key -> (window start, count)

    def window(self, limit: int, count: int) -> RateWindow:
        now = self._clock()
        start = int(now // _WINDOW_SECONDS) * _WINDOW_SECONDS
        reset_at = start + _WINDOW_SECONDS
        return RateWindow(
            allowed=count <= limit,
            limit=limit,
            remaining=max(limit - count, 0),
            reset_at=reset_at,
            retry_after=max(math.ceil(reset_at - now), 1),
        )

    def hit(self, key: str) -> RateWindow | None:
        """Count one request of `key`; None when no limit is configured."""
        if self.per_minute is None:
            return None
        start = int(self._clock() // _WINDOW_SECONDS) * _WINDOW_SECONDS
        window_start, count = self._counts.get(key, (start, 0))
        count = count + 1 if window_start == start else 1
        self._counts[key] = (start, count)
        return self.window(self.per_minute, count)

    def forced(self) -> RateWindow:
        """The window reported by a forced 429 (`Prefer: code=429`, a full store): exhausted, and
        always `Retry-After: 60`, so the body (which names the wait) stays deterministic."""
        limit = self.per_minute or 1000  # unlimited: report the platform's documented ADD limit
        return RateWindow(
            allowed=False,
            limit=limit,
            remaining=0,
            reset_at=math.ceil(self._clock()) + _WINDOW_SECONDS,
            retry_after=_WINDOW_SECONDS,
        )

    def reset(self) -> None:
        self._counts.clear()


class FaultPlan:
    """Deterministic fault injection: the n-th request of a channel fails iff hash < rate."""

    def __init__(self, seed: int, rate: float, max_channels: int) -> None:
        self.seed = seed
        self.rate = rate
        self.max_channels = max_channels
        self._counts: collections.OrderedDict[Hashable, int] = collections.OrderedDict()

    def should_fail(self, channel: Hashable) -> bool:
        if self.rate <= 0.0:
            return False
        count = self._counts.pop(channel, 0) + 1
        self._counts[channel] = count
        if len(self._counts) > self.max_channels:
            self._counts.popitem(last=False)
        digest = hashlib.sha256(f"{self.seed}\x1f{channel!r}\x1f{count}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < self.rate

    def reset(self) -> None:
        self._counts.clear()
