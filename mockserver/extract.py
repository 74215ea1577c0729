"""Turn a user's message into short third-person facts and retractions, the way Mem0's look.

(Interface first; the pattern table follows.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    text: str  # "Lives in Berlin"
    subject: str  # "residence", "preference:sushi", "pet:dog:rex"
    topics: frozenset[str]
    stance: str | None = None  # "+" / "-" for likes and dislikes


@dataclass(frozen=True)
class Retraction:
    subjects: tuple[str, ...]  # subject keys or prefixes; () = every subject
    value: str | None = None  # words the retracted memory must contain
    stance: str | None = None
    last: bool = False  # "scratch that": the most recent memory


Statement = Fact | Retraction

_WORD = re.compile(r"[a-z0-9]+")


def extract(text: str) -> list[Statement]:
    del text
    return []


def stance_of(memory: str) -> str | None:
    del memory
    return None


def topic_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))
