"""Rules naming a relative or a pet and their attributes: "my dog's name is Rex"."""

from __future__ import annotations

import re
from dataclasses import replace

from mockserver.memory.extract.grammar import capitalise
from mockserver.memory.extract.rules.possessions import have_facts
from mockserver.memory.extract.rules.table import alternatives, custom
from mockserver.memory.extract.statements import Fact, make_fact
from mockserver.memory.extract.topics import subject_key, topic_words
from mockserver.memory.extract.values import clean_name, clean_object, is_given_name
from mockserver.memory.extract.vocabulary import (
    CHILDREN,
    PARENTS,
    PARTNERS,
    PETS,
    RELATIVES,
    SIBLINGS,
)

# -- facts about a relative or a pet: "my mom lives in Ohio", "my dog Rex is 5" -----------------
_NAMED_RELATIVE = (
    f"my (?P<rel>{alternatives(list(PARTNERS) + list(CHILDREN) + list(SIBLINGS) + list(PETS))})"
)


@custom(_NAMED_RELATIVE + "(?:'s name| name) is {name}")
@custom(_NAMED_RELATIVE + " is (?:called|named) {name}")
def _relative_named(m: re.Match[str]) -> list[Fact]:
    return have_facts(f"a {m.group('rel')} named {m.group('name')}")


@custom(_NAMED_RELATIVE + " is {name}")
def _relative_is(m: re.Match[str]) -> list[Fact]:
    if not is_given_name(m.group("name")):
        return []
    return have_facts(f"a {m.group('rel')} named {m.group('name')}")


@custom(f"my (?P<rel>{alternatives(PARENTS)})(?:'s name| name) is {{name}}")
def _parent_named(m: re.Match[str]) -> list[Fact]:
    rel = PARENTS[m.group("rel").casefold()]
    name = clean_name(m.group("name"))
    if name is None:
        return []
    return [
        make_fact(
            f"{capitalise(m.group('rel'))}'s name is {name}",
            f"family:{rel}:name",
            ["family"],
            name,
        )
    ]


@custom(
    f"my (?P<rel>{alternatives([*RELATIVES, *PETS])})'s (?P<attr>(?!name\\b)[\\w -]{{2,30}}?) "
    "(?:is|are) (?:on )?{x}"
)
def _relative_attribute(m: re.Match[str]) -> list[Fact]:
    """ "My wife's birthday is May 3rd" -> "Wife's birthday is May 3rd"."""
    rel, attr = m.group("rel").casefold(), m.group("attr").strip()
    obj = clean_object(m.group("x"))
    if obj is None or not topic_words(attr):
        return []
    if rel in PETS:
        prefix, group = f"pet:{PETS[rel]}", "pet"
    else:
        prefix, group = f"family:{RELATIVES[rel]}", "family"
    fact = make_fact(
        f"{capitalise(rel)}'s {attr} is {obj}", f"{prefix}:{subject_key(attr)}", [group], obj
    )
    return [replace(fact, topics=fact.topics | topic_words(attr))]
