"""Rules for likes, dislikes and favourites, each with a stance (+/-) for later contradiction."""

from __future__ import annotations

import re
from dataclasses import replace

from mockserver.memory.extract.rules.table import alternatives, custom
from mockserver.memory.extract.statements import Fact, make_fact
from mockserver.memory.extract.topics import DOMAIN_VOCABULARY, domains_of, subject_key, topic_words
from mockserver.memory.extract.values import clean_object, split_list

# -- preferences --------------------------------------------------------------------------------
PREFER_VERBS = {
    "like": ("Likes", "+"),
    "love": ("Loves", "+"),
    "adore": ("Loves", "+"),
    "enjoy": ("Enjoys", "+"),
    "prefer": ("Prefers", "+"),
    "hate": ("Hates", "-"),
    "loathe": ("Hates", "-"),
    "despise": ("Hates", "-"),
    "detest": ("Hates", "-"),
    "dislike": ("Dislikes", "-"),
    "a fan of": ("Is a fan of", "+"),
    "a big fan of": ("Is a big fan of", "+"),
    "a huge fan of": ("Is a huge fan of", "+"),
    "into": ("Is into", "+"),
    "fond of": ("Likes", "+"),
    "keen on": ("Likes", "+"),
    "crazy about": ("Loves", "+"),
    "obsessed with": ("Loves", "+"),
    "passionate about": ("Is passionate about", "+"),
    "addicted to": ("Loves", "+"),
    "not a fan of": ("Is not a fan of", "-"),
    "not into": ("Is not into", "-"),
    "stand": ("Can't stand", "-"),
    "not like": ("Dislikes", "-"),
    "not love": ("Dislikes", "-"),
    "not enjoy": ("Does not enjoy", "-"),
    "not care for": ("Dislikes", "-"),
    "not a big fan of": ("Is not a fan of", "-"),
}


def preference_facts(verb: str, raw: str) -> list[Fact]:
    label, stance = PREFER_VERBS[verb.casefold()]
    facts = []
    for item in split_list(raw):
        obj = clean_object(item)
        if obj is not None:
            facts.append(
                make_fact(
                    f"{label} {obj}",
                    f"preference:{subject_key(obj)}",
                    ["preference"],
                    obj,
                    stance=stance,
                )
            )
    return facts


@custom("i prefer {x} (?:over|to|rather than|instead of) {y}")
def _prefer_over(m: re.Match[str]) -> list[Fact]:
    obj, other = clean_object(m.group("x")), clean_object(m.group("y"))
    if obj is None or other is None:
        return []
    return [
        make_fact(
            f"Prefers {obj} over {other}",
            f"preference:{subject_key(obj)}",
            ["preference"],
            obj,
            stance="+",
        )
    ]


@custom(f"i (?P<v>{alternatives(v for v in PREFER_VERBS if ' ' not in v)}) {{x}}")
def _likes(m: re.Match[str]) -> list[Fact]:
    return preference_facts(m.group("v"), m.group("x"))


@custom(f"i am (?P<v>{alternatives(v for v in PREFER_VERBS if ' ' in v or v == 'into')}) {{x}}")
def _am_fan(m: re.Match[str]) -> list[Fact]:
    return preference_facts(m.group("v"), m.group("x"))


@custom("i can not (?P<v>stand|bear) {x}")
def _cannot_stand(m: re.Match[str]) -> list[Fact]:
    return preference_facts("stand", m.group("x"))


@custom(
    "my (?:all-time |absolute |personal )?(?:favourite|favorite|fave|fav) (?P<thing>[\\w' -]+?)"
    " (?:is|are) {x}"
)
def _favourite(m: re.Match[str]) -> list[Fact]:
    return _favourite_fact(m.group("thing"), m.group("x"))


@custom("{x} (?:is|are) my (?:all-time |absolute )?(?:favourite|favorite|fave) (?P<thing>.+)")
def _favourite_inverted(m: re.Match[str]) -> list[Fact]:
    return _favourite_fact(m.group("thing"), m.group("x"))


def _favourite_fact(thing: str, raw: str) -> list[Fact]:
    first = raw.split(" ", 1)[0]
    if first.casefold() in DOMAIN_VOCABULARY:  # "Pizza is my favourite": a sentence capital
        raw = first.casefold() + raw[len(first) :]
    obj = clean_object(raw)
    thing = thing.strip()
    if obj is None or not topic_words(thing):
        return []
    fact = make_fact(
        f"Favourite {thing} is {obj}", f"favourite:{subject_key(thing)}", ["preference"], obj
    )
    return [replace(fact, topics=fact.topics | domains_of(thing) | topic_words(thing))]
