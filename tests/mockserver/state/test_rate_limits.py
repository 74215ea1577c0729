"""The rate limiter's fixed one-minute windows per key, and the window a forced 429 reports."""

from __future__ import annotations

from mockserver.state.rate_limits import RateLimiter


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_rate_limiter_uses_fixed_minute_windows_per_key() -> None:
    clock = Clock(999_960.0 + 45)  # 999_960 is a whole minute; 15 s before the next one
    limiter = RateLimiter(2, clock=clock)
    first, second, third = limiter.hit("k"), limiter.hit("k"), limiter.hit("k")
    assert first is not None and second is not None and third is not None
    assert (first.allowed, second.allowed, third.allowed) == (True, True, False)
    assert (first.remaining, second.remaining, third.remaining) == (1, 0, 0)
    assert third.reset_at == 1_000_020
    assert third.retry_after == 15
    assert third.throttled_headers()["Retry-After"] == "15"
    assert limiter.hit("other") is not None and limiter.hit("other").allowed  # type: ignore[union-attr]
    clock.now += 15
    fresh = limiter.hit("k")
    assert fresh is not None and fresh.allowed and fresh.remaining == 1


def test_no_limit_means_no_window_and_a_forced_429_reports_an_exhausted_one() -> None:
    limiter = RateLimiter(None, clock=Clock(10.0))
    assert limiter.hit("k") is None
    forced = limiter.forced()
    assert not forced.allowed
    assert forced.remaining == 0
    assert (forced.retry_after, forced.reset_at) == (60, 70)
    assert forced.detail == "Request was throttled. Expected available in 60 seconds."
