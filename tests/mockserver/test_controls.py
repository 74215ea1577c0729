"""Prefer parsing, the rate limiter's windows and the seeded fault plan."""

from __future__ import annotations

import pytest

from mockserver.answers.controls import FaultPlan, Prefer, PreferError, RateLimiter, parse_prefer

DOCUMENTED = {200, 400, 429, 503}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], Prefer()),
        (["code=429"], Prefer(code=429)),
        (["delay=300"], Prefer(delay_ms=300)),
        (["code=503, delay=10"], Prefer(code=503, delay_ms=10)),
        (["code=400; delay=1"], Prefer(code=400, delay_ms=1)),
        (["Code = 429"], Prefer(code=429)),
        (['code="429"'], Prefer(code=429)),
        (["delay=5", "code=429"], Prefer(code=429, delay_ms=5)),
        (["return=minimal", "respond-async"], Prefer()),
    ],
    ids=[
        "none",
        "code",
        "delay",
        "comma",
        "semicolon",
        "spaces",
        "quoted",
        "two-headers",
        "foreign",
    ],
)
def test_preferences_are_parsed(values: list[str], expected: Prefer) -> None:
    assert parse_prefer(values, DOCUMENTED) == expected


@pytest.mark.parametrize(
    "value", ["code=404", "code=", "code=4.0", "delay=", "delay=1e3", "delay=60001"]
)
def test_preferences_that_cannot_be_honoured_raise(value: str) -> None:
    with pytest.raises(PreferError):
        parse_prefer([value], DOCUMENTED)


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


def test_the_fault_plan_is_seeded_per_channel_and_near_its_rate() -> None:
    def run(seed: int, channel: str) -> list[bool]:
        plan = FaultPlan(seed, 0.3, max_channels=10)
        return [plan.should_fail(channel) for _ in range(1000)]

    first = run(1, "a")
    assert first == run(1, "a")
    assert first != run(2, "a")
    assert first != run(1, "b")
    assert 250 <= sum(first) <= 350


def test_a_channel_is_not_shifted_by_other_channels() -> None:
    quiet, busy = FaultPlan(3, 0.5, 10), FaultPlan(3, 0.5, 10)
    alone = [quiet.should_fail("a") for _ in range(50)]
    mixed = []
    for _ in range(50):
        busy.should_fail("b")
        mixed.append(busy.should_fail("a"))
    assert alone == mixed
