"""The entry point: a message -> sentences -> clauses -> statements, with a small cache."""

from __future__ import annotations

import functools

from mockserver.memory.extract.clause_statements import clause_statements
from mockserver.memory.extract.clauses import split_clauses
from mockserver.memory.extract.limits import MAX_CLAUSE_CHARS, MAX_CLAUSES
from mockserver.memory.extract.sentences import split_sentences
from mockserver.memory.extract.statements import Fact, Statement


def extract(text: str) -> list[Statement]:
    """Facts and retractions of one user message, in the order they are said.

    Example:
        >>> [f.text for f in extract("Hi, I'm Alice. I'm vegetarian and I live in Berlin")]
        ['Name is Alice', 'Is vegetarian', 'Lives in Berlin']
    """
    if not isinstance(text, str):
        return []
    if len(text) <= _CACHED_CHARS:
        return list(_extract_cached(text))
    return _extract(text)


# Pure and deterministic, so repeated messages (test suites, load runs) are answered from a
# small cache; statements are frozen, and callers get a fresh list each time.
_CACHED_CHARS = 1_000


@functools.lru_cache(maxsize=4096)
def _extract_cached(text: str) -> tuple[Statement, ...]:
    return tuple(_extract(text))


def _extract(text: str) -> list[Statement]:
    found: list[Statement] = []
    budget = MAX_CLAUSES
    for sentence in split_sentences(text):
        for clause in split_clauses(sentence):
            if len(clause) <= MAX_CLAUSE_CHARS:
                found.extend(clause_statements(clause))
            budget -= 1
            if budget == 0:
                return found
    return found


def subject_of(memory: str) -> str | None:
    """The subject the extractor gives a stored fact's text ("Lives in Berlin" -> "residence").

    Lets memories from fixtures or earlier runs take part in UPDATE and DELETE matching.
    """
    for statement in extract(memory):
        if isinstance(statement, Fact):
            return statement.subject
    return None
