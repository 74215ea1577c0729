"""What the extractor yields: facts about the user and retractions of stored facts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from mockserver.memory.extract.grammar import capitalise
from mockserver.memory.extract.topics import subject_key, topics_of


@dataclass(frozen=True)
class Fact:
    """One short third-person fact about the user."""

    text: str  # "Lives in Berlin"
    subject: str  # "residence", "preference:sushi", "pet:dog:rex"
    topics: frozenset[str]  # stemmed topic words (for includes/excludes and categories)
    stance: str | None = None  # "+" / "-" for likes and dislikes of the same thing
    value: str | None = None  # the object's words, to match a retraction against stored text
    updates: tuple[str, ...] = ()  # other subjects this fact refines ("pet:dog" -> a named dog)


@dataclass(frozen=True)
class Retraction:
    """A statement that stored facts no longer hold."""

    subjects: tuple[str, ...]  # subject keys or prefixes ("pet" covers "pet:dog:rex"); () = all
    value: str | None = None  # words the retracted memory must contain
    stance: str | None = None  # only memories of this stance ("+" likes, "-" dislikes)
    last: bool = False  # "scratch that": the most recent memory


Statement = Fact | Retraction


def make_fact(
    text: str,
    subject: str,
    groups: Iterable[str],
    obj: str = "",
    *,
    stance: str | None = None,
    updates: tuple[str, ...] = (),
) -> Fact:
    """A fact in the house style: one capital, single spaces, topics and value from obj."""
    text = capitalise(re.sub(r"\s+", " ", text).strip(" ,"))
    return Fact(
        text, subject, topics_of(groups, obj), stance, subject_key(obj) if obj else None, updates
    )
