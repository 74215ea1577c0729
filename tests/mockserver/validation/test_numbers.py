"""Whole numbers read from headers and queries: ASCII digits only, and not too many."""

from __future__ import annotations

import pytest

from mockserver.validation.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0), ("429", 429), ("007", 7), ("9" * 12, int("9" * 12))],
)
def test_ascii_digits_are_a_number(text: str, number: int) -> None:
    assert whole_number(text) == number


@pytest.mark.parametrize(
    "text",
    ["", "²", "٣٠٠", "\uff11\uff12", "-1", "+1", " 1", "1.0", "1e3", "9" * 13, "9" * 5000],
    ids=["empty", "superscript", "arabic-indic", "fullwidth", "negative", "plus", "space",
         "decimal", "exponent", "13-digits", "5000-digits"],
)  # fmt: skip
def test_anything_else_is_not(text: str) -> None:
    assert whole_number(text) is None


def test_the_digit_bound_is_the_callers() -> None:
    assert whole_number("1" * 18, max_digits=18) == int("1" * 18)
    assert whole_number("1" * 19, max_digits=18) is None
