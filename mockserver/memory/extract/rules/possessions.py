"""Rules for "I have ...": pets, children, siblings, partners, allergies, conditions, vehicles,
homes.
"""

from __future__ import annotations

import re

from mockserver.memory.extract.grammar import third_person
from mockserver.memory.extract.rules.table import custom, phrase
from mockserver.memory.extract.statements import Fact, make_fact
from mockserver.memory.extract.times import TIME_TAIL
from mockserver.memory.extract.topics import subject_key
from mockserver.memory.extract.values import ARTICLE, clean_name, split_list
from mockserver.memory.extract.vocabulary import (
    CHILDREN,
    CONDITION_SUFFIXES,
    CONDITIONS,
    PARTNERS,
    PETS,
    SIBLINGS,
    word_set,
)

# -- "I have ..." (pets, family, allergies, conditions, things) ---------------------------------
_VEHICLES = word_set("car motorcycle motorbike bike bicycle scooter truck van tesla jeep suv boat")
_HOMES = word_set("house apartment flat condo cabin garden pool farm cottage studio")
_ITEM = re.compile(
    r"(?:(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|no|some|twin) )?"
    r"(?P<adj>(?:[\w'-]+ ){0,3}?)(?P<noun>[\w'-]+)"
    r"(?:,? (?:named|called|whose names? (?:is|are)) (?P<name>.+))?",
    re.IGNORECASE,
)


_NAME_LIST = re.compile(r"[\w'-]+(?:, [\w'-]+)*,? and [\w'-]+")


def have_facts(obj: str) -> list[Fact]:
    """Facts from the object of "I have ...": "a dog named Rex and two kids" -> two facts."""
    whole = _ITEM.fullmatch(obj.strip())
    if whole and whole.group("name") and _NAME_LIST.fullmatch(whole.group("name")):
        items = [obj]  # "two cats named Tom and Jerry" is one item
    else:
        items = split_list(obj)
    facts: list[Fact] = []
    for item in items:
        m = _ITEM.fullmatch(item.strip())
        if m is not None:
            fact = _have_item(m)
            if fact is not None:
                facts.append(fact)
    return facts


def _have_item(m: re.Match[str]) -> Fact | None:
    count = (m.group("count") or "").casefold()
    noun = m.group("noun").casefold()
    described = m.group(0).split(" named ")[0].split(" called ")[0]
    phrase = third_person(TIME_TAIL.sub("", described))
    name = clean_name(m.group("name")) if m.group("name") else None
    if m.group("name") and name is None:
        return None
    many = count not in ("", "a", "an", "one", "no")
    named = f" named {name}" if name else ""
    text = f"Has {phrase}{named}"
    adjectives = m.group("adj").casefold().split()
    if noun in ("pet", "pets", "animal", "animals"):
        return make_fact(text, "pet", ["pet"], phrase)
    for group, table, root in (
        ("pet", PETS, "pet"),
        ("family", CHILDREN, "child"),
        ("family", SIBLINGS, "sibling"),
    ):
        kind = table.get(noun) or next((table[a] for a in adjectives if a in table), None)
        if kind is None:
            continue
        base = f"{root}:{kind}" if not (root == "child" and kind == "child") else root
        if name and not many:
            return make_fact(
                text, f"{base}:{subject_key(name)}", [group], f"{phrase} {name}", updates=(base,)
            )
        if many:
            return make_fact(text, f"{base}:count", [group], phrase, updates=(base,))
        return make_fact(text, base, [group], phrase)
    if noun in PARTNERS:
        return make_fact(text, "partner", ["partner"], f"{phrase} {name or ''}")
    if noun in ("allergy", "allergies") and adjectives:
        allergen = " ".join(w for w in adjectives if w not in ("severe", "mild", "bad", "food"))
        return (
            make_fact(text, f"allergy:{subject_key(allergen)}", ["allergy"], allergen)
            if allergen
            else None
        )
    if (
        noun in CONDITIONS
        or noun.endswith(CONDITION_SUFFIXES)
        or any(w in CONDITIONS for w in adjectives)
    ):
        condition = ARTICLE.sub("", phrase)
        return make_fact(text, f"condition:{subject_key(condition)}", ["health"], condition)
    if noun in _VEHICLES:
        return make_fact(text, f"vehicle:{subject_key(noun)}", ["vehicle"], phrase)
    if noun in _HOMES:
        return make_fact(text, f"home:{subject_key(noun)}", ["residence"], phrase)
    return None


phrase("i have an allergy to {x}", "Is allergic to {x}", "allergy:{x}", "allergy", each="x")


@custom("i am (?:a|an) (?P<x>[\\w ]+?) (?:owner|parent|mom|dad|mum)")
def _pet_owner(m: re.Match[str]) -> list[Fact]:
    """ "I'm a dog owner", "I'm a cat mom" -> "Has a dog"."""
    kind = m.group("x").casefold().split()[-1]
    return have_facts(f"a {kind}") if kind in PETS else []


@custom("i (?:have|have got|own|adopted|rescued|got|bought|just got) {x}")
def _have(m: re.Match[str]) -> list[Fact]:
    return have_facts(m.group("x"))
