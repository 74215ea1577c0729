"""The stance of a stored memory's text: a like, a dislike, or neither."""

from __future__ import annotations

import re

_POSITIVE_LEAD = re.compile(
    r"(?:likes|loves|enjoys|prefers|adores|is a (?:big |huge )?fan of|is into|"
    r"is passionate about)\b",
    re.IGNORECASE,
)
_NEGATIVE_LEAD = re.compile(
    r"(?:dislikes|hates|can't stand|is not a fan of|is not into|does not enjoy)\b", re.IGNORECASE
)


def stance_of(memory: str) -> str | None:
    """'+' for a stored like ("Likes sushi"), '-' for a dislike, None for anything else."""
    if _POSITIVE_LEAD.match(memory):
        return "+"
    if _NEGATIVE_LEAD.match(memory):
        return "-"
    return None
