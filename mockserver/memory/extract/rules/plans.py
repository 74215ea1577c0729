"""Rules for plans and goals: trips, intentions, events; chat about the chat is not a plan."""

from __future__ import annotations

import re

from mockserver.memory.extract.rules.table import custom, phrase
from mockserver.memory.extract.statements import Fact, make_fact
from mockserver.memory.extract.times import strip_when
from mockserver.memory.extract.topics import subject_key
from mockserver.memory.extract.values import ARTICLE, clean_object
from mockserver.memory.extract.vocabulary import word_set

# -- plans and goals ----------------------------------------------------------------------------
_TRAVEL_VERBS = word_set("visit travel go fly move see tour explore backpack cruise")


def _plan_groups(obj: str) -> list[str]:
    first = obj.split(" ", 1)[0].casefold()
    return ["plan", "travel"] if first in _TRAVEL_VERBS else ["plan"]


def _plan_fact(label: str, kind: str, raw: str) -> list[Fact]:
    obj = clean_object(raw, keep_time=True)
    if obj is None or _WEAK_PLAN.match(obj) or _ADDRESSEE.search(obj):
        return []
    return [
        make_fact(
            f"{label} {obj}", f"{kind}:{subject_key(strip_when(obj))}", _plan_groups(obj), obj
        )
    ]


_ADDRESSEE = re.compile(
    r"\byou(?:rs?)?\b", re.IGNORECASE
)  # "I'll call you later": chat, not a plan
# Intentions about the conversation itself, not plans worth remembering.
_WEAK_PLAN = re.compile(
    r"(?:know|ask|say|tell|check|talk|chat|clarify|mention|thank|confirm|understand|remember|"
    r"forget|add|help|be (?:right )?back|be (?:there|fine|ok|okay|sure|honest|quick|brief)|"
    r"let you know|think about it|get back to you|see(?: you)?$|try$|go$|do (?:it|that|this)|"
    r"have a look|look into (?:it|that)|see what|figure (?:it|that) out|make sure|"
    r"continue|start$|stop$|sleep$|eat$|figure (?:it|that|this|out)|fix|debug|solve|install|"
    r"compile|deploy|write (?:a|an|this|the|some) (?:function|script|email|essay|code|query)|"
    r"run (?:this|the|my|a) (?:code|script|program|query))\b",
    re.IGNORECASE,
)


_ERRANDS = word_set(
    "bed work school church class lunch dinner breakfast sleep town court hospital practice "
    "therapy uni college university mass shower gym store shops office"
)


@custom("i am (?:going|travelling|traveling|flying|heading|driving) to {x}")
def _going_to(m: re.Match[str]) -> list[Fact]:
    target = m.group("x")
    if ARTICLE.sub("", target).split(" ", 1)[0].casefold() in _ERRANDS:
        return []  # "going to bed", "going to work": what they do now, not a plan
    if not (target[:1].isupper() or target.casefold().startswith(("the ", "a ", "an ", "my "))):
        return _plan_fact("Plans to", "plan", target)  # "going to visit ..." is an intention
    obj = clean_object(target, keep_time=True)
    if obj is None:
        return []
    key = subject_key(strip_when(obj))
    return [make_fact(f"Is going to {obj}", f"plan:go to {key}", ["plan", "travel"], obj)]


@custom("i am (?:planning|hoping|about|intending|preparing|scheduled|due) to {x}")
def _planning(m: re.Match[str]) -> list[Fact]:
    return _plan_fact("Plans to", "plan", m.group("x"))


@custom("i (?P<v>plan|intend|aim|will|hope|want|would like|would love|wish|need|have) to {x}")
def _intends(m: re.Match[str]) -> list[Fact]:
    verb = m.group("v").casefold()
    if verb in ("want", "would like", "would love", "wish"):
        return _plan_fact("Wants to", "goal", m.group("x"))
    if verb == "hope":
        return _plan_fact("Hopes to", "goal", m.group("x"))
    if verb in ("need", "have"):
        return _plan_fact("Needs to", "plan", m.group("x"))
    return _plan_fact("Plans to", "plan", m.group("x"))


phrase(
    "i will be (?P<v>in|at|visiting) {place}",
    "Will be {v} {place}",
    "plan:be {place}",
    "plan",
    "travel",
)


@custom("i will {x}")
def _will(m: re.Match[str]) -> list[Fact]:
    return _plan_fact("Plans to", "plan", m.group("x"))


phrase("i am visiting {x}", "Is visiting {x}", "plan:visit {x}", "plan", "travel")
phrase(
    "i am going on (?P<x>(?:a |an )?(?:[\\w'-]+ )?(?:vacation|holiday|trip|cruise|honeymoon)) "
    "to {place}",
    "Is going on {x} to {place}",
    "plan:go to {place}",
    "plan",
    "travel",
)
phrase(
    "i am (?:thinking|considering) (?:about |of )?(?P<x>\\w+ing .+)",
    "Is thinking about {x}",
    "plan:{x}",
    "plan",
)
phrase(
    "i am planning (?P<x>(?:a|an) (?:[\\w'-]+ ){0,2}(?:trip|vacation|holiday|visit|cruise))"
    " to {place}",
    "Is planning {x} to {place}",
    "plan:go to {place}",
    "plan",
    "travel",
)
phrase(
    "i am getting (?P<state>married|engaged|divorced)(?P<when>(?: .+)?)",
    "Is getting {state} {when}",
    "plan:get {state}",
    "plan",
    "partner",
)
phrase(
    "i have (?P<x>(?:a|an) (?:[\\w'-]+ ){0,2}(?:trip|vacation|holiday|flight|cruise)) to {place}",
    "Has {x} to {place}",
    "plan:go to {place}",
    "plan",
    "travel",
)
phrase("my (?:plan|goal|dream|aim) is to {x}", "Wants to {x}", "goal:{x}", "plan")


@custom("i am (?:trying|working|aiming) to {x}")
def _trying(m: re.Match[str]) -> list[Fact]:
    return _plan_fact("Is trying to", "goal", m.group("x"))


phrase("i am training for {x}", "Is training for {x}", "goal:{x}", "plan", "fitness")
phrase("i am saving (?:up )?(?:money )?(?:for|to) {x}", "Is saving for {x}", "goal:{x}", "plan")

phrase(
    "i have (?P<x>(?:a|an|my) (?:[\\w'-]+ ){0,2}(?:appointment|meeting|interview|exam|test|date|"
    "party|wedding|flight|surgery|game|match|concert|class|lesson|session|trip|presentation|"
    "deadline|call|checkup|check-up|reunion|recital|shift))(?P<when> .+)?",
    "Has {x} {when}",
    "event:{x}",
    "schedule",
    "plan",
)
