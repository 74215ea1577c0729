"""The seven behavioural rules of docs/CONTRACT.md, by number and in their words.

The schema layer reports Schemathesis check names; the rule layer reports these numbers. Keeping the
words here (and not in each check) makes every report and JUnit file quote the rule identically.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    number: int
    slug: str
    words: str

    @property
    def check_id(self) -> str:
        return f"rule-{self.number}-{self.slug}"

    @property
    def label(self) -> str:
        return f"Rule {self.number}: {self.words}"


RULES: tuple[Rule, ...] = (
    Rule(1, "ids", "ids are unique within a response, and an ADD id is new in its scope"),
    Rule(
        2,
        "live-scope",
        "an UPDATE or DELETE names a live memory of the same scope",
    ),
    Rule(3, "immutable", "a memory added with immutable: true is never later UPDATEd or DELETEd"),
    Rule(
        4,
        "verbatim",
        "with infer: false every event is an ADD whose memory is the verbatim content "
        "of a user or assistant message",
    ),
    Rule(5, "shape", "the response shape follows output_format and async_mode"),
    Rule(
        6,
        "validation",
        "a request that breaks the schema gets a 4xx, never a 2xx or 5xx; "
        "one that satisfies it never gets a 4xx other than 401, 413 and 429",
    ),
    Rule(7, "auth", "a request without a valid key gets 401 on every operation"),
)


def rule(number: int) -> Rule:
    """The rule with this number (1-7)."""
    return RULES[number - 1]
