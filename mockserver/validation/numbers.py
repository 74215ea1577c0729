"""Whole numbers as the wire carries them in headers and queries (`Prefer: code=429`,
`Content-Length`, `?limit=10`).

`str.isdigit()` is true for "²" and "٣", which `int()` refuses, and `int()` refuses texts of more
than 4,300 digits: either would turn a bad header into a 500. Only ASCII digits, and few of them,
make a number here.
"""

from __future__ import annotations

__all__ = ["whole_number"]


def whole_number(text: str, max_digits: int = 12) -> int | None:
    """The number `text` writes in ASCII digits (at most `max_digits` of them), else None.

    Example:
        >>> whole_number("429"), whole_number("²"), whole_number("-1"), whole_number("9" * 40)
        (429, None, None, None)
    """
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)
