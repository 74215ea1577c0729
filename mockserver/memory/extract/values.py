"""Cleaning of the values a rule captures: objects, places, names and lists of them."""

from __future__ import annotations

import re

from mockserver.memory.extract.grammar import proper_case, third_person
from mockserver.memory.extract.limits import MAX_OBJECT_WORDS
from mockserver.memory.extract.times import TIME_TAIL
from mockserver.memory.extract.topics import topic_words
from mockserver.memory.extract.vocabulary import KNOWN_WORDS, NOT_NAMES, PRONOUN_OBJECTS

_PLACE_TAIL = re.compile(r"(?:,?\s+(?:with|where|which|who|because|near|since|for)\b.*)$", re.I)
_OBJECT_TAIL = re.compile(
    r"(?:,?\s+(?:a lot|very much|so much|a bit|lots|the most|more than anything|a ton))+$",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or|&)\s+|,\s*|\s+(?:and|or|&|as well as)\s+)", re.I)


ARTICLE = re.compile(r"^(?:a|an|the|my|some)\s+", re.IGNORECASE)


def clean_object(raw: str, *, keep_time: bool = False) -> str | None:
    text = raw.strip(" ,\"'")
    text = _OBJECT_TAIL.sub("", text if keep_time else TIME_TAIL.sub("", text))
    words = text.split()
    if not words or len(words) > MAX_OBJECT_WORDS:
        return None
    if words[0].casefold() in PRONOUN_OBJECTS or not topic_words(text):
        return None
    return third_person(text)


def clean_place(raw: str) -> str | None:
    text = _PLACE_TAIL.sub("", TIME_TAIL.sub("", raw.strip(" ,\"'")))
    words = text.split()
    if not words or len(words) > 6 or words[0].casefold() in PRONOUN_OBJECTS:
        return None
    return proper_case(third_person(text)) if topic_words(text) else None


def clean_name(raw: str) -> str | None:
    words = raw.strip().split()
    if not words or any(w.casefold() in NOT_NAMES for w in words):
        return None
    return proper_case(raw.strip())


def is_given_name(raw: str) -> bool:
    """'I'm Alice' names the user only when typed like a name and not like a known word."""
    words = raw.split()
    return all(w[:1].isupper() for w in words) and not any(
        w.casefold() in KNOWN_WORDS for w in words
    )


def split_list(raw: str) -> list[str]:
    return [item for item in _LIST_SPLIT.split(raw) if item.strip()]
