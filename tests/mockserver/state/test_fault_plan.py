"""The seeded fault plan: deterministic per channel, near its rate."""

from __future__ import annotations

from mockserver.state.fault_plan import FaultPlan


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
