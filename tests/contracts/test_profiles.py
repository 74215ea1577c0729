"""Profiles: how deep each layer searches, and which operations get the coverage phase."""

from __future__ import annotations

import pytest

from contracts import PROFILES
from contracts.errors import ConfigurationError
from contracts.profiles import profile_named


def test_the_coverage_phase_is_for_no_operation_the_required_ones_or_all() -> None:
    assert {name: p.coverage for name, p in PROFILES.items()} == {
        "quick": "none",
        "default": "required",
        "thorough": "all",
    }
    assert [PROFILES["quick"].covers(required) for required in (True, False)] == [False, False]
    assert [PROFILES["default"].covers(required) for required in (True, False)] == [True, False]
    assert [PROFILES["thorough"].covers(required) for required in (True, False)] == [True, True]


def test_each_profile_searches_deeper_than_the_one_before() -> None:
    quick, default, thorough = (PROFILES[n] for n in ("quick", "default", "thorough"))
    for field in ("schema_examples", "rule_examples", "max_steps"):
        assert getattr(quick, field) < getattr(default, field) < getattr(thorough, field)


def test_an_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ConfigurationError, match="choose one of: default, quick, thorough"):
        profile_named("deep")
