"""A behavioural rule by number and in its words, as every report and JUnit file quotes it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One rule of docs/CONTRACT.md.

    Example:
        >>> Rule(7, "auth", "a request without a valid key gets 401 on every operation").check_id
        'rule-7-auth'
    """

    number: int
    slug: str
    words: str

    @property
    def check_id(self) -> str:
        return f"rule-{self.number}-{self.slug}"

    @property
    def label(self) -> str:
        return f"Rule {self.number}: {self.words}"
