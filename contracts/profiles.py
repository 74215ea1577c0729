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
    # The most coverage-phase cases sent per operation (None: all; 0: no coverage phase). The
    # phase's fixed boundary cases grow with a schema's combinations: about 300 for an add, over
    # 4,000 for a search's filters; a sample spread evenly over the phase, half positive and half
    # negative, keeps every kind of boundary in a run of bounded length.
    coverage_cases: int | None = None


PROFILES: dict[str, Profile] = {
    # A smoke run for pre-commit hooks and the kit's own tests: every check, shallow search, and
    # no coverage phase (generating its cases costs seconds per operation with rich schemas).
    "quick": Profile(
        "quick", schema_examples=10, rule_examples=8, max_steps=8, scopes=4, coverage_cases=0
    ),
    "default": Profile(
        "default", schema_examples=50, rule_examples=25, max_steps=12, scopes=4, coverage_cases=400
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
