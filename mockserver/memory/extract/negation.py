"""Negated clauses: "I don't like X" states a dislike, "I no longer live in X" retracts."""

from __future__ import annotations

import re

from mockserver.memory.extract.retractions import retract_facts
from mockserver.memory.extract.rules.preferences import PREFER_VERBS, preference_facts
from mockserver.memory.extract.rules.table import rule_facts
from mockserver.memory.extract.statements import Statement, make_fact
from mockserver.memory.extract.topics import subject_key
from mockserver.memory.extract.values import ARTICLE, clean_object

NEGATION = re.compile(
    r"i (?P<neg>do not|did not|no longer|am not|am no longer|will not|have no|never|"
    r"can not|would not|have not|have never) (?P<x>.+)",
    re.IGNORECASE,
)
_DISLIKE_NEG = re.compile(r"(?P<v>like|love|enjoy|care for|fancy|dig) (?P<x>.+)", re.IGNORECASE)
_AVOID_NEG = re.compile(r"(?P<v>eat|drink|smoke|vape)(?: (?P<x>.+))?", re.IGNORECASE)
_CANNOT = re.compile(
    r"(?P<v>stand|bear|eat|have|tolerate|digest|live without|get enough of) (?P<x>.+)",
    re.IGNORECASE,
)
_FAN_NEG = re.compile(r"(?P<v>a (?:big |huge )?fan of|into|keen on|fond of) (?P<x>.+)", re.I)


def negated(neg: str, rest: str, anymore: bool) -> list[Statement]:
    """ "I <neg> <rest>": a dislike or avoidance where said so, else retractions of the positive."""
    retracting = anymore or neg in ("no longer", "am no longer")
    if neg in ("do not", "no longer", "never", "would not"):
        m = _DISLIKE_NEG.fullmatch(rest)
        if m is not None and not retracting:
            verb = "not " + m.group("v").casefold()
            return list(
                preference_facts(verb if verb in PREFER_VERBS else "not like", m.group("x"))
            )
        m = _AVOID_NEG.fullmatch(rest)
        if m is not None:
            return _avoid(m.group("v").casefold(), m.group("x"))
    if neg in ("am not", "am no longer"):
        m = _FAN_NEG.fullmatch(rest)
        if m is not None and not retracting:
            return list(preference_facts("not a fan of", m.group("x")))
    if neg == "can not":
        m = _CANNOT.fullmatch(rest)
        if m is None:
            return []
        if m.group("v").casefold() in ("stand", "bear"):
            return list(preference_facts("stand", m.group("x")))
        if m.group("v").casefold() in ("live without", "get enough of"):
            return list(preference_facts("love", m.group("x")))
        obj = clean_object(m.group("x"))
        return (
            [make_fact(f"Cannot eat {obj}", f"avoid:{subject_key(obj)}", ["diet"], obj)]
            if obj
            else []
        )
    if neg in ("did not", "would not", "have not", "have never", "never"):
        return []  # past or hypothetical: says nothing about what holds now
    positive = {
        "do not": "i ",
        "no longer": "i ",
        "am not": "i am ",
        "am no longer": "i am ",
        "will not": "i will ",
        "have no": "i have ",
    }[neg] + rest
    if neg == "have no" and not ARTICLE.match(rest):
        positive = "i have a " + rest if not rest.endswith("s") else "i have " + rest
    return retract_facts(rule_facts(positive))


def _avoid(verb: str, raw: str | None) -> list[Statement]:
    if verb in ("smoke", "vape"):
        return [make_fact("Does not smoke", "habit:smoking", ["habit", "health"], "smoking")]
    obj = clean_object(raw) if raw else ("alcohol" if verb == "drink" else None)
    if obj is None:
        return []
    return [make_fact(f"Does not {verb} {obj}", f"avoid:{subject_key(obj)}", ["diet"], obj)]
