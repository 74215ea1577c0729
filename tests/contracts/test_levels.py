"""Conformance levels: which level a finding breaks, and where the kit is stricter than Mem0."""

from __future__ import annotations

import pytest

from contracts import Failure, RunContext, Target
from contracts.levels import (
    CLIENTS,
    DOCUMENTED,
    STRICT,
    breaks,
    level_named,
    level_of,
    mem0_allows,
    mem0_silent_on_refusing,
)
from contracts.rules.validation_probes import probe_levels

BODY = {"messages": [{"role": "user", "content": "I like tea."}], "user_id": "u"}


def test_a_level_includes_the_ones_below_it() -> None:
    assert [breaks(CLIENTS, gate) for gate in (CLIENTS, DOCUMENTED, STRICT)] == [True] * 3
    assert [breaks(STRICT, gate) for gate in (CLIENTS, DOCUMENTED, STRICT)] == [
        False,
        False,
        True,
    ]


def test_an_unknown_level_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="works-with-clients, documented, strict"):
        level_named("loose")


@pytest.mark.parametrize(
    ("change", "allowed"),
    [
        ({"output_format": "v2.0"}, True),
        ({"version": "v9"}, True),
        ({"messages": [{"content": "I like tea."}]}, True),
        ({"messages": []}, False),
        ({"messages": [{"role": "user"}]}, False),
        ({"messages": [{"role": "moderator", "content": "x"}]}, False),
        ({"user_id": None}, False),
    ],
    ids=["output_format", "version", "no-role", "no-messages", "no-content", "bad-role", "no-id"],
)
def test_mem0_allows_only_what_it_is_silent_on(change: dict[str, object], allowed: bool) -> None:
    assert mem0_allows({**BODY, **change}) is allowed


def test_refusing_blank_content_is_something_mem0_is_silent_on() -> None:
    blank = {**BODY, "messages": [{"role": "user", "content": "  "}]}
    assert mem0_silent_on_refusing(blank)
    assert not mem0_silent_on_refusing(BODY)


def _failure(check_id: str, clause: str, title: str, message: str = "", **kw: object) -> Failure:
    return Failure(check_id, clause, title, message, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("failure", "level"),
    [
        (_failure("schema:POST /v1/memories/", "required operation", "missing"), CLIENTS),
        (_failure("ping", "ping: Ping", "t", "(root): 'org_id' is a required property"), CLIENTS),
        (
            _failure("ping", "ping: Ping", "t", "(root): 'user_email' is a required property"),
            STRICT,
        ),
        (_failure("rule-5-shape", "Rule 5: shape", "t", rule=5), CLIENTS),
        (_failure("rule-7-auth", "Rule 7: auth", "ping with the Bearer scheme got 200"), STRICT),
        (_failure("rule-7-auth", "Rule 7: auth", "ping with an unknown key got 200"), DOCUMENTED),
        (
            _failure("rule-7-auth", "Rule 7: a", "an invalid add with the Bearer scheme got 400"),
            STRICT,
        ),
        (_failure("rule-7-auth", "schema: x (401)", "a 401 lacks WWW-Authenticate: Token"), STRICT),
        (_failure("rule-2-live-scope", "Rule 2: x", "DELETE of 'a'", rule=2), DOCUMENTED),
        (_failure("x", "y", "z", level=STRICT), STRICT),
    ],
    ids=[
        "missing",
        "ping-ids",
        "ping-email",
        "shape",
        "bearer",
        "unknown-key",
        "bearer-400",
        "www",
        "r2",
        "own",
    ],
)
def test_each_finding_carries_the_lowest_level_it_breaks(failure: Failure, level: str) -> None:
    assert level_of(failure) == level


def test_rule_6_probes_are_strict_where_mem0_is_silent() -> None:
    context = RunContext(Target("http://127.0.0.1:1", "k"))
    found = probe_levels(context)
    assert found["output_format: not in the enum"] == STRICT
    assert found["version: not in the enum"] == STRICT
    assert found["message without role"] == STRICT
    assert found["empty content"] == STRICT
    assert found["whitespace-only content"] == STRICT
    assert found["messages empty"] == DOCUMENTED
    assert found["role not in the enum"] == DOCUMENTED
    assert found["metadata object"] == DOCUMENTED
