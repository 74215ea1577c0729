"""Prefer parsing: one documented error, a delay, foreign preferences ignored."""

from __future__ import annotations

import pytest

from mockserver.answers.prefer import Prefer, PreferError, parse_prefer

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
