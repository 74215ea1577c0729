"""The marker's declaration: checked against the mock's settings, and the settings made from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mem0kit._plugin_config import (
    MARKER_ARGUMENTS,
    MARKER_HELP,
    MockConfig,
    config_from_marker,
    documented_errors,
)
from mem0kit._plugin_servers import ServerPool
from mem0spec import bundled
from mockserver import Settings


@pytest.mark.parametrize("name", list(MARKER_ARGUMENTS))
def test_each_marker_argument_names_a_setting_and_its_default(name: str) -> None:
    argument = MARKER_ARGUMENTS[name]
    assert argument.setting in Settings.field_names()
    assert getattr(Settings(), argument.setting) == argument.default


def test_the_marker_help_lists_the_declared_arguments() -> None:
    assert MARKER_HELP == (
        "mem0_mock(seed=0, latency_ms=0, memories=None, fail=None): configure the mem0_mock and "
        "mem0_mock_app fixtures for this test (see: mem0-kit docs plugin)"
    )


def test_the_settings_are_made_from_the_marker(tmp_path: Path) -> None:
    fixture = tmp_path / "memories.json"
    fixture.write_text('{"memories": []}', encoding="utf-8")
    pool = ServerPool()
    marked = config_from_marker((), {"seed": 7, "latency_ms": 5, "fail": 429}, tmp_path)
    assert pool.settings(marked) == Settings(seed=7, latency_ms=5, force_status=429)
    from_file = config_from_marker((), {"memories": "memories.json"}, tmp_path)
    assert pool.settings(from_file) == Settings(memories_file=fixture.resolve())
    entries = [{"memory": "Likes tea", "user_id": "u", "metadata": {"a": [1]}}]
    inline = config_from_marker((), {"memories": entries}, tmp_path)
    assert pool.settings(inline).memories == tuple(entries)
    assert pool.settings(MockConfig()) == Settings()


def test_equal_markers_are_one_configuration(tmp_path: Path) -> None:
    entries = [{"memory": "Likes tea", "user_id": "u"}]
    one = config_from_marker((), {"memories": entries, "seed": 1}, tmp_path)
    two = config_from_marker((), {"seed": 1, "memories": {"memories": list(entries)}}, tmp_path)
    assert one == two
    assert {one: "server"}[two] == "server"
    assert config_from_marker((), {"seed": 0, "fail": None}, tmp_path) == MockConfig()
    assert one != config_from_marker((), {"seed": 1}, tmp_path)


def test_a_failing_configuration_is_built_beside_a_healthy_one(tmp_path: Path) -> None:
    failing = config_from_marker((), {"seed": 3, "fail": 503, "latency_ms": 9}, tmp_path)
    assert failing.fail == 503
    assert failing.healthy() == config_from_marker((), {"seed": 3}, tmp_path)
    assert failing.healthy().fail is None


def test_documented_errors_are_the_contracts_error_statuses() -> None:
    errors = documented_errors()
    assert list(errors) == [op.label for op in bundled().operations.values()]
    assert 429 in errors["POST /v1/memories/"]
    for statuses in errors.values():
        assert list(statuses) == sorted(statuses)
        assert all(400 <= status <= 599 for status in statuses)
