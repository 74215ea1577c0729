"""English word forms: stems, third-person verbs, capitals, and "my" -> "their"."""

from __future__ import annotations

import functools
import re

from mockserver.memory.extract.vocabulary import SPELLINGS, word_set

WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


@functools.lru_cache(maxsize=16_384)
def stem(word: str) -> str:
    """A deliberately small stemmer: plural -s/-es/-ies and a few spelling variants."""
    word = word.casefold().removesuffix("'s")
    if word in SPELLINGS:
        return SPELLINGS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


_POSSESSIVES = {"my": "their", "me": "them", "myself": "themselves", "mine": "theirs"}
_POSSESSIVE_RE = re.compile(r"\b(my|me|myself|mine)\b", re.IGNORECASE)


def third_person(text: str) -> str:
    return _POSSESSIVE_RE.sub(lambda m: _POSSESSIVES[m.group(1).casefold()], text)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


_LOWER_CONNECTORS = word_set("de del la le von van der da di upon on the of and")


def proper_case(text: str) -> str:
    """Capitalise a place or person's name typed in lowercase; keep a user's own capitals."""
    if text != text.casefold():
        return text
    words = text.split(" ")
    return " ".join(
        w if (i and w in _LOWER_CONNECTORS) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


_IRREGULAR_THIRD = {"have": "has", "do": "does", "go": "goes", "be": "is", "am": "is"}


def third(verb: str) -> str:
    """Third-person singular of a base verb: live -> lives, go -> goes, study -> studies."""
    if verb in _IRREGULAR_THIRD:
        return _IRREGULAR_THIRD[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


_IRREGULAR_BASE = {
    "has": "have",
    "does": "do",
    "goes": "go",
    "is": "am",
    "are": "am",
    "was": "was",
    "were": "was",
}


def base_verb(verb: str) -> str:
    """Undo third person: lives -> live, studies -> study, watches -> watch."""
    if verb in _IRREGULAR_BASE:
        return _IRREGULAR_BASE[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb[:-1]
    return verb
