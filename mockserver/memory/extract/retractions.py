"""Retractions said as events: "scratch that", a lost job, a breakup, a death, a sale, a move."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mockserver.memory.extract.rules.table import rule_facts
from mockserver.memory.extract.statements import Fact, Retraction, Statement, make_fact
from mockserver.memory.extract.times import TIME_TAIL
from mockserver.memory.extract.topics import subject_key
from mockserver.memory.extract.vocabulary import PARTNERS, PETS, RELATIVES

LAST = re.compile(
    r"(?:scratch that|never ?mind|ignore that|ignore what i (?:just )?said|disregard that|"
    r"i take (?:that|it) back|strike that|delete that|forget that|forget it|"
    r"forget what i (?:just )?said|that is (?:wrong|not true|not right|incorrect)|"
    r"that was (?:wrong|a mistake|not true))",
    re.IGNORECASE,
)


_JOB_LOSS = re.compile(
    r"i (?:quit|left|lost) my (?:job|position|work)(?: at (?P<org>.+))?|"
    r"i (?:got|was|have been) (?:fired|laid off|let go|sacked)(?: from (?P<org2>.+))?|"
    r"i am (?:between jobs|out of work|no longer working|not working)",
    re.IGNORECASE,
)
_LEFT = re.compile(
    r"i (?:left|moved out of|moved away from|moved from|(?-i:quit (?=[A-Z])))"
    r" (?P<x>(?:(?! to ).)+)",
    re.IGNORECASE,
)
_STOPPED_BEING = re.compile(r"i (?:stopped|quit) being (?P<x>.+)", re.IGNORECASE)
_SOLD = re.compile(r"i (?:sold|got rid of|no longer own) (?:my|our) (?P<x>.+)", re.IGNORECASE)
_BREAKUP = re.compile(
    r"i (?P<v>got divorced|am getting divorced|broke up|split up|separated|divorced)"
    r"(?: (?:with|from) (?P<x>.+))?",
    re.IGNORECASE,
)
_DEATH = re.compile(
    r"(?:my (?P<rel>[\w'-]+)(?: (?-i:(?P<name>[A-Z][\w'-]*)))?|(?-i:(?P<alone>[A-Z][\w'-]*)))"
    r",?(?: my \w+,?)? (?:passed away|died|ran away|is gone|was put down|got lost|passed|"
    r"is no longer with us|had to be put down)",
    re.IGNORECASE,
)
_GAVE_AWAY = re.compile(
    r"i (?:gave away|rehomed|lost|had to rehome|gave up|gave) my (?P<rel>[\w'-]+)"
    r"(?: (?!away\b)(?P<name>[\w'-]+))?(?: away)?",
    re.IGNORECASE,
)


def retract_facts(facts: Iterable[Fact]) -> list[Statement]:
    """Retractions of exactly these facts (same subject, value and stance)."""
    return [Retraction((f.subject,), f.value, f.stance) for f in facts]


def _bare(pattern: re.Pattern[str]) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)


# One call that no life event can pass unless one of the forms below may match: most clauses
# report none, and this spares them the time tail's removal and seven matches. A clause is its
# stripped form plus a time tail, so "any form, then optionally a tail" lets every candidate by.
_ANY_EVENT = re.compile(
    "(?:"
    + "|".join(
        _bare(p) for p in (_JOB_LOSS, _BREAKUP, _DEATH, _GAVE_AWAY, _STOPPED_BEING, _SOLD, _LEFT)
    )
    + ")"
    + f"(?:{TIME_TAIL.pattern.removesuffix('$')})?",
    re.IGNORECASE,
)


def life_event_retraction(clause: str) -> list[Statement] | None:
    """The statements of a clause that reports a retracting event, None for any other clause."""
    if _ANY_EVENT.fullmatch(clause) is None:
        return None
    clause = TIME_TAIL.sub("", clause)  # "my parrot died last week"
    m = _JOB_LOSS.fullmatch(clause)
    if m is not None:
        org = m.group("org") or m.group("org2")
        return [Retraction(("job", "employer"), subject_key(org) if org else None)]
    m = _BREAKUP.fullmatch(clause)
    if m is not None:
        who = m.group("x")
        value = subject_key(who) if who and who[:1].isupper() else None
        state = "Is divorced" if "divorc" in m.group("v").casefold() else "Is single"
        return [
            Retraction(("partner",), value),
            make_fact(state, "relationship", ["partner"], state.split()[-1]),
        ]
    m = _DEATH.fullmatch(clause)
    if m is not None:
        return _loss(m.group("rel"), m.group("name") or m.group("alone"))
    m = _GAVE_AWAY.fullmatch(clause)
    if m is not None:
        return _loss(m.group("rel"), m.group("name"))
    m = _STOPPED_BEING.fullmatch(clause)
    if m is not None:
        return retract_facts(rule_facts("i am " + m.group("x")))
    m = _SOLD.fullmatch(clause)
    if m is not None:
        value = subject_key(m.group("x"))
        return [Retraction(("vehicle", "home", "business"), value)] if value else []
    m = _LEFT.fullmatch(clause)
    if m is not None and not m.group("x").casefold().startswith(("my ", "a ", "the ")):
        value = subject_key(m.group("x"))
        return [Retraction(("residence", "employer", "school"), value)] if value else []
    return None


def _loss(rel: str | None, name: str | None) -> list[Statement]:
    value = subject_key(name) if name else None
    if rel is None:
        subjects = ("pet", "partner", "family", "child", "sibling")
        return [Retraction(subjects, value)] if value else []
    rel = rel.casefold()
    if rel in PETS:
        return [Retraction((f"pet:{PETS[rel]}",), value)]
    if rel in PARTNERS:
        return [Retraction(("partner",), value)]
    if rel in RELATIVES:
        family = RELATIVES[rel]
        return [Retraction((f"family:{family}", f"child:{family}", f"sibling:{family}"), value)]
    return []
