"""mockserver.state.store.LogicalClock: the instants the store writes, to the calendar's end."""

from __future__ import annotations

import datetime

from mockserver.state.store import LogicalClock


def test_one_second_after_another_from_the_start_of_today() -> None:
    clock = LogicalClock(datetime.date(2026, 1, 1), real=False)
    assert clock.now() == datetime.datetime(2026, 1, 1, 0, 0, 1, tzinfo=datetime.UTC)
    assert clock.now() == datetime.datetime(2026, 1, 1, 0, 0, 2, tzinfo=datetime.UTC)


def test_the_last_day_of_the_calendar_stops_at_its_last_second_instead_of_failing() -> None:
    clock = LogicalClock(datetime.date(9999, 12, 31), real=False)
    instants = [clock.now() for _ in range(86_401)]
    last = datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)
    assert instants[-2:] == [last, last]
    assert instants[-1].isoformat() == "9999-12-31T23:59:59+00:00"
