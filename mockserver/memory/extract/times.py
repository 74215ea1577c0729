"""Time expressions a captured value may carry: "last year", "in May", "every Monday"."""

from __future__ import annotations

import re

TIME_TAIL = re.compile(
    r"(?:,?\s+(?:(?:last|this|next|coming) (?:year|month|week|weekend|summer|winter|spring|"
    r"fall|autumn|\w+day)|in \d{4}|(?:a|one|two|three|a few|\d+) (?:years?|months?|weeks?|days?)"
    r" ago|recently|yesterday|today|tomorrow|tonight|soon|later|someday|eventually))+$",
    re.IGNORECASE,
)


_PLAN_TIME = re.compile(
    r"\s+(?:in|on|at|by|before|after|during|this|next|over|around|for) (?:the )?(?:\w+ )?"
    r"(?:\d{4}|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|spring|summer|fall|autumn|winter|week|weekend|month|year|holidays|\w+day).*$",
    re.IGNORECASE,
)


_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
RECURRING = (
    rf"(?:every (?:other )?(?:day|morning|evening|night|afternoon|week|weekend|weekday|month|"
    rf"year|{_DAY}|summer|winter)(?: (?:and|&) {_DAY})?|on {_DAY}s(?: (?:and|&) {_DAY}s)?|"
    rf"on (?:the )?weekends?|on weekdays|(?:daily|weekly|monthly|nightly|yearly)|"
    rf"(?:once|twice|three times|\d+ times) (?:a|per|every) (?:day|week|month|year)|"
    rf"at (?:\d{{1,2}}(?::\d\d)? ?(?:am|pm)?|noon|midnight|night)|"
    rf"(?:in the|each|most) (?:mornings?|evenings?|afternoons?|nights?|days|weekends?)|"
    rf"(?:before|after) (?:work|school|breakfast|dinner))"
)


_RECURRING_TAIL = re.compile(rf"\s+{RECURRING}.*$", re.IGNORECASE)


def strip_when(text: str) -> str:
    """The object without its time ("visit Japan in May" -> "visit Japan"), for subject keys."""
    return _RECURRING_TAIL.sub("", TIME_TAIL.sub("", _PLAN_TIME.sub("", text))) or text
