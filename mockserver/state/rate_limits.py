"""The rate limit: requests per API key in fixed one-minute windows.

Windows follow the wall clock, since `Retry-After` must mean real seconds; only headers (and the
429's sentence naming the wait) depend on the clock, never the body of an accepted request.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable

__all__ = ["RateLimiter", "RateWindow"]

_WINDOW_SECONDS = 60


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
