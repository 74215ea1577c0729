"""Rules for routines: what the user does at a recurring time, work hours, the commute."""

from __future__ import annotations

import re

from mockserver.memory.extract.grammar import third, third_person
from mockserver.memory.extract.limits import MAX_OBJECT_WORDS
from mockserver.memory.extract.rules.table import custom, phrase
from mockserver.memory.extract.statements import Fact, make_fact
from mockserver.memory.extract.times import RECURRING
from mockserver.memory.extract.topics import subject_key, topic_words
from mockserver.memory.extract.vocabulary import HOBBY_VERBS, PRONOUN_OBJECTS, SCHEDULE_VERBS

# -- schedules ----------------------------------------------------------------------------------


@custom(rf"i (?P<v>[a-z-]+)(?P<x>(?: .+?)?) (?P<when>{RECURRING}(?: .+)?)")
def _schedule(m: re.Match[str]) -> list[Fact]:
    verb = m.group("v").casefold()
    if verb not in SCHEDULE_VERBS and verb not in HOBBY_VERBS:
        return []
    rest = third_person(m.group("x"))
    when = third_person(m.group("when"))
    if len(rest.split()) > MAX_OBJECT_WORDS or (rest and not topic_words(rest + " x")):
        return []
    if rest.strip().split(" ", 1)[0].casefold() in PRONOUN_OBJECTS:
        return []
    key = subject_key(f"{verb}{rest}") or verb
    return [make_fact(f"{third(verb)}{rest} {when}", f"schedule:{key}", ["schedule"], rest or verb)]


phrase(
    "my (?P<x>work|shift|class|classes|day|workday|commute|alarm|gym session|lunch break|school|"
    "first class|meeting) (?P<v>starts|begins|ends|finishes|is) (?P<when>(?:at|on|from|around) .+)",
    "{x} {v} {when}",
    "schedule:{x}",
    "schedule",
)


@custom(
    "i (?P<v>walk|bike|cycle|drive|commute|take|ride)(?P<how> the (?:bus|train|subway|tube|metro)|"
    " my bike)? to (?P<x>work|school|the office|college|university|campus)"
)
def _commute(m: re.Match[str]) -> list[Fact]:
    text = f"{third(m.group('v').casefold())}{third_person(m.group('how') or '')} to {m.group('x')}"
    return [make_fact(text, "commute", ["schedule", "vehicle"], m.group("x"))]


phrase(
    "i am (?P<state>up|awake|in bed|asleep|at my desk) (?P<p>by|at|around|before) (?P<when>.+)",
    "Is {state} {p} {when}",
    "schedule:{state}",
    "schedule",
)
