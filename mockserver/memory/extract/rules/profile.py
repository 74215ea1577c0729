"""Rules for the rest of "my X is ..." and "I am ...": contact details and attributes, belief,
sign, height, fandom, searches, projects, tools, personality, nationality, occupation, and last
a bare name ("I'm Alice").
"""

from __future__ import annotations

import re

from mockserver.memory.extract.grammar import WORD, stem
from mockserver.memory.extract.rules.table import (
    alternatives,
    custom,
    phrase,
    rule_facts,
    starts_upper,
)
from mockserver.memory.extract.statements import Fact, make_fact
from mockserver.memory.extract.values import clean_object, clean_place, is_given_name
from mockserver.memory.extract.vocabulary import DEMONYMS, OCCUPATIONS, RELIGIONS

_ATTRIBUTES: dict[str, tuple[str, str]] = {
    # attribute -> (subject, topic group)
    "email": ("contact:email", "contact"),
    "email address": ("contact:email", "contact"),
    "e-mail": ("contact:email", "contact"),
    "phone": ("contact:phone", "contact"),
    "phone number": ("contact:phone", "contact"),
    "number": ("contact:phone", "contact"),
    "cell": ("contact:phone", "contact"),
    "mobile": ("contact:phone", "contact"),
    "website": ("contact:website", "contact"),
    "username": ("contact:username", "contact"),
    "handle": ("contact:username", "contact"),
    "github": ("contact:github", "contact"),
    "twitter": ("contact:twitter", "contact"),
    "instagram": ("contact:instagram", "contact"),
    "linkedin": ("contact:linkedin", "contact"),
    "blood type": ("blood_type", "health"),
    "shoe size": ("shoe_size", "personality"),
    "zodiac sign": ("zodiac_sign", "personality"),
    "star sign": ("zodiac_sign", "personality"),
    "timezone": ("timezone", "schedule"),
    "time zone": ("timezone", "schedule"),
    "religion": ("religion", "personality"),
    "pronouns": ("pronouns", "personality"),
    "gender": ("gender", "personality"),
    "height": ("height", "health"),
    "weight": ("weight", "health"),
    "major": ("study", "education"),
    "employer": ("employer", "work"),
    "company": ("employer", "work"),
    "school": ("school", "education"),
    "university": ("school", "education"),
    "college": ("school", "education"),
    "car": ("vehicle", "vehicle"),
    "team": ("team", "sport"),
}


@custom(f"my (?P<attr>{alternatives(_ATTRIBUTES)}) (?P<be>is|are) {{x}}")
def _attribute(m: re.Match[str]) -> list[Fact]:
    attr = m.group("attr").casefold().replace("-", " ").replace("e mail", "e-mail")
    subject, group = _ATTRIBUTES.get(attr, (attr, "personality"))
    value = m.group("x").strip(" \"'")
    if not value or len(value.split()) > 8 or not WORD.search(value.casefold()):
        return []
    verb = m.group("be").casefold()
    return [make_fact(f"{attr.capitalize()} {verb} {value}", subject, [group], value)]


phrase(
    f"i am (?:a |an )?(?P<state>{alternatives(RELIGIONS)})", "Is {state}", "religion", "personality"
)
phrase(
    "i am (?:an? )?(?P<state>aries|taurus|gemini|cancer|leo|virgo|libra|scorpio|sagittarius|"
    "capricorn|aquarius|pisces)",
    "Is a {state}",
    "zodiac_sign",
    "personality",
)
phrase(
    "i am (?P<x>\\d(?:'|\\s?(?:feet|foot|ft))(?: ?\\d{1,2}(?:\"|\\s?(?:inches|inch|in))?)?|"
    "\\d(?:\\.\\d+)?\\s?m|\\d{2,3}\\s?cm) tall",
    "Is {x} tall",
    "height",
    "health",
)
phrase(
    "i am a (?:big |huge |massive |die-hard |lifelong )?(?P<x>[\\w' .-]+?) (?:fan|supporter)",
    "Is a fan of {x}",
    "preference:{x}",
    "preference",
)
phrase(
    "i am (?:looking|searching|hunting) for (?P<x>(?:a |an )?(?:new )?(?:job|apartment|house|flat|"
    "place to live|roommate|partner|girlfriend|boyfriend|school|daycare|doctor|dentist|car))",
    "Is looking for {x}",
    "goal:find {x}",
    "plan",
)
phrase(
    "i am (?:writing|building|developing|making|renovating|working on|organizing|organising|"
    "planning) (?P<x>(?:a|an|my|our) .+)",
    "Is working on {x}",
    "project:{x}",
    "plan",
    "hobby",
)
phrase(
    "i (?:use|work with|code in|program in) {x}",
    "Uses {x}",
    "tool:{x}",
    "technology",
    each="x",
    check=starts_upper("x"),
)
phrase(
    "i am (?P<state>(?:a |an )?(?:introvert|introverted|extrovert|extroverted|shy|outgoing|"
    "morning person|night owl|early bird|people person|dog person|cat person|left-handed|"
    "right-handed|perfectionist|optimist|pessimist|workaholic|foodie|bookworm|gamer|nerd|geek))",
    "Is {state}",
    "personality:{state}",
    "personality",
)
phrase(
    f"i am (?:an? )?(?P<state>{alternatives(DEMONYMS)})(?: citizen| national)?",
    "Is {state}",
    "nationality",
    "origin",
)


@custom("i am (?:a|an) (?P<n>\\d{1,3})[- ]years?[- ]old (?P<x>.+)")
def _aged_noun(m: re.Match[str]) -> list[Fact]:
    """ "I'm a 34-year-old teacher from Denver": the age, then the rest as said."""
    n = m.group("n")
    age = [make_fact(f"Is {n} years old", "age", ["age"], n)] if 0 < int(n) <= 120 else []
    return age + rule_facts(f"i am a {m.group('x')}")


@custom("i am (?P<x>(?:a|an) .+)")
def _occupation(m: re.Match[str]) -> list[Fact]:
    phrase = m.group("x")
    head = re.split(r" (?:at|for|in|with|from) ", phrase, maxsplit=1)[0]
    words = [stem(w) for w in WORD.findall(head.casefold())]
    if not words or words[-1] not in OCCUPATIONS or len(words) > 5:
        return []
    job, _, origin = phrase.partition(" from ")  # "a nurse from Chicago"
    obj = clean_object(job)
    if obj is None:
        return []
    facts = [make_fact(f"Works as {obj}", "job", ["work"], obj)]
    place = clean_place(origin) if origin else None
    if place is not None:
        facts.append(make_fact(f"Is from {place}", "origin", ["origin"], place))
    return facts


@custom("i am {name}")
def _introduction(m: re.Match[str]) -> list[Fact]:
    raw = m.group("name")
    if not is_given_name(raw):
        return []
    return [make_fact(f"Name is {raw}", "name", ["name"], raw)]
