"""Run profiles: how deep each layer searches. Chosen by name at the edge (CLI, plugin)."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.errors import ConfigurationError


@dataclass(frozen=True)
class Profile:
    name: str
    # Schemathesis fuzzing-phase examples per operation and generation mode (the coverage and
    # examples phases add their fixed cases on top).
    schema_examples: int
    # Hypothesis examples per rule check, and the longest action sequence of one example.
    rule_examples: int
    max_steps: int
    # How many scopes (users, agents, runs) one sequence spreads over.
    scopes: int
    # Which operations get Schemathesis' coverage phase: "all", "required" (those marked
    # x-conformance: required) or "none". The phase enumerates a schema's boundary cases, and
    # generating them grows with its combinations: ~300 cases for the add in about a second,
    # ~4,500 for a body with filters in tens of seconds, before any is sent.
    coverage: str = "all"
    # How many levels the schema layer nests a recursive schema (Filters in AND / OR / NOT);
    # None: without end, as the contract writes it. Each level multiplies a search body's
    # generation cost (contracts/generation_schema.py).
    nesting: int | None = None

    def covers(self, required: bool) -> bool:
        """Whether an operation (required or optional) gets the coverage phase.

        Example:
            >>> PROFILES["default"].covers(required=True), PROFILES["default"].covers(False)
            (True, False)
        """
        return self.coverage == "all" or (self.coverage == "required" and required)


PROFILES: dict[str, Profile] = {
    # A smoke run for pre-commit hooks and the kit's own tests: every check, shallow search, and
    # no coverage phase.
    "quick": Profile(
        "quick",
        schema_examples=10,
        rule_examples=8,
        max_steps=8,
        scopes=4,
        coverage="none",
        nesting=0,
    ),
    # The coverage phase for the required operations; the optional ones are fuzzed.
    "default": Profile(
        "default",
        schema_examples=50,
        rule_examples=25,
        max_steps=12,
        scopes=4,
        coverage="required",
        nesting=1,
    ),
    "thorough": Profile(
        "thorough", schema_examples=1000, rule_examples=300, max_steps=40, scopes=6
    ),
}


def profile_named(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        valid = ", ".join(sorted(PROFILES))
        raise ConfigurationError(f"unknown profile {name!r}; choose one of: {valid}") from None
