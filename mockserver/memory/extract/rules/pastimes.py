"""Rules for hobbies, sport, media, languages and the car: what the user does and speaks."""

from __future__ import annotations

import re
from dataclasses import replace

from mockserver.memory.extract.grammar import WORD, third
from mockserver.memory.extract.rules.preferences import preference_facts
from mockserver.memory.extract.rules.table import alternatives, custom, phrase
from mockserver.memory.extract.statements import Fact, make_fact
from mockserver.memory.extract.topics import TOPIC_GROUPS, subject_key
from mockserver.memory.extract.values import clean_object, split_list
from mockserver.memory.extract.vocabulary import HOBBY_VERBS, LANGUAGES


@custom("my (?:hobbies|hobby|interests|passions?|pastimes?) (?:is|are|include|includes) {x}")
def _hobbies(m: re.Match[str]) -> list[Fact]:
    return [
        replace(f, topics=f.topics | TOPIC_GROUPS["hobby"])
        for f in preference_facts("enjoy", m.group("x"))
    ]


phrase(
    "i go (?P<x>\\w+ing)(?P<rest>(?: .+)?)",
    "Goes {x} {rest}",
    "hobby:{x}",
    "hobby",
    "sport",
    check=lambda v: v["x"].casefold() not in ("going", "nothing", "something", "during"),
)
phrase(
    "i (?:work out|exercise|go to the gym|hit the gym|lift weights|lift|go to a gym)(?P<x>.*)",
    "Works out {x}",
    "fitness",
    "fitness",
)
phrase("i (?:watch|binge) {x}", "Watches {x}", "watch:{x}", "entertainment", "hobby", each="x")
phrase("i listen to {x}", "Listens to {x}", "listen:{x}", "music", "hobby", each="x")
phrase("i (?:support|root for|cheer for) {x}", "Supports {x}", "team:{x}", "sport", "preference")


@custom("i (?:speak|can speak|know|am fluent in|am bilingual in|am trilingual in) {x}")
def _speaks(m: re.Match[str]) -> list[Fact]:
    facts = []
    count = re.fullmatch(r"(?P<n>\w+) (?:different )?languages", m.group("x"), re.IGNORECASE)
    if count is not None:
        return [
            make_fact(f"Speaks {count.group(0)}", "language:count", ["language"], count.group(0))
        ]
    for item in split_list(m.group("x")):
        languages = [w for w in WORD.findall(item.casefold()) if w in LANGUAGES]
        obj = clean_object(item)
        if languages and obj is not None:
            facts.append(
                make_fact(
                    f"Speaks {_proper_language(obj)}",
                    f"language:{languages[0]}",
                    ["language"],
                    languages[0],
                )
            )
    return facts


def _proper_language(text: str) -> str:
    return " ".join(w.capitalize() if w.casefold() in LANGUAGES else w for w in text.split())


phrase(
    "my (?:native|first|mother) (?:language|tongue) is {lang}",
    "Native language is {lang}",
    "native_language",
    "language",
)
phrase(
    "i am (?:a )?native (?P<lang>\\w+) speaker",
    "Is a native {lang} speaker",
    "native_language",
    "language",
)
phrase("i drive {x}", "Drives {x}", "vehicle", "vehicle")
phrase("i (?:play|practice|practise) {x}", "Plays {x}", "hobby:{x}", "hobby", "sport", each="x")


@custom(f"i (?P<v>{alternatives(HOBBY_VERBS)})(?P<x>(?: .+)?)")
def _hobby(m: re.Match[str]) -> list[Fact]:
    verb, rest = m.group("v").casefold(), m.group("x")
    if rest.strip():
        obj = clean_object(rest)
        if obj is None or len(obj.split()) > 6:
            return []
        rest = " " + obj
    key = subject_key(f"{verb}{rest}") or verb
    return [make_fact(f"{third(verb)}{rest}", f"hobby:{key}", ["hobby"], f"{verb}{rest}")]
