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


# Pure and deterministic, so text that repeats is answered from small caches, one per level: whole
# messages (test suites, load runs), sentences and clauses. Conversations that are all different
# still say the same things ("I'm vegetarian", "I live in Lagos"): over the bench's distinct
# conversations 82% of sentences and 95% of clauses were said before (bench/RESULTS.md has the cost
# with every cache cold). Statements are frozen, and callers get a fresh list each time; each
# cache holds at most 4,096 or 8,192 keys of at most 1,000 characters.
_CACHED_CHARS = 1_000


@functools.lru_cache(maxsize=4096)
def _extract_cached(text: str) -> tuple[Statement, ...]:
    return tuple(_extract(text))


@functools.lru_cache(maxsize=8192)
def _clauses_of(sentence: str) -> tuple[str, ...]:
    return tuple(split_clauses(sentence))


@functools.lru_cache(maxsize=8192)
def _statements_of(clause: str) -> tuple[Statement, ...]:
    return tuple(clause_statements(clause))


def clear_caches() -> None:
    """Forget every cached extraction (for measuring the cost of text never seen before)."""
    for cached in (_extract_cached, _clauses_of, _statements_of):
        cached.cache_clear()


def _extract(text: str) -> list[Statement]:
    found: list[Statement] = []
    budget = MAX_CLAUSES
    for sentence in split_sentences(text):
        clauses = (
            _clauses_of(sentence) if len(sentence) <= _CACHED_CHARS else split_clauses(sentence)
        )
        for clause in clauses:
            if len(clause) <= MAX_CLAUSE_CHARS:
                found.extend(_statements_of(clause))
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
