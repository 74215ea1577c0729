"""The Authorization header's rules and the masking used by the journal."""

from __future__ import annotations

import pytest

from mockserver.validation.auth import authorization_problem, mask_authorization

KEYS = frozenset({"mock-key"})


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (None, "not provided"),
        ("mock-key", "must be 'Token <api-key>'"),
        ("Bearer mock-key", "must be 'Token <api-key>'"),
        ("Token ", "must be 'Token <api-key>'"),
        ("Token mock-key ", "must be 'Token <api-key>'"),
        ("Token other", "Invalid API key."),
    ],
    ids=["missing", "bare-key", "bearer", "empty-key", "trailing-space", "unknown"],
)
def test_problems_are_named(header: str | None, words: str) -> None:
    problem = authorization_problem(header, KEYS)
    assert problem is not None
    assert words in problem


def test_a_known_key_passes() -> None:
    assert authorization_problem("Token mock-key", KEYS) is None


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("Token mock-key", "Token mock****"),
        ("Token a-much-longer-key", "Token a-mu****"),
        ("Token k3y9", "Token k3****"),
        ("Token ab", "Token a****"),
        ("Token x", "Token ****"),
        ("secret", "****"),
        ("", ""),
    ],
    ids=["token", "long", "four", "two", "one", "no-scheme", "empty"],
)
def test_masking_never_shows_a_whole_key(value: str, masked: str) -> None:
    assert mask_authorization(value) == masked
