"""What mem0kit offers its users, kept as it is: a new name here is a decision, not an accident.

`mem0kit` itself exports nothing (it is the `mem0-kit` command and the plugin). The plugin module
lists what pytest finds in it (its hooks and fixtures) and the types a user annotates with.
"""

from __future__ import annotations

import mem0kit
import mem0kit.pytest_plugin


def test_mem0kit_exports_nothing() -> None:
    assert mem0kit.__all__ == []


def test_the_plugins_public_names() -> None:
    assert sorted(mem0kit.pytest_plugin.__all__) == mem0kit.pytest_plugin.__all__
    assert mem0kit.pytest_plugin.__all__ == [
        "Mem0Mock",
        "Mem0MockServerError",
        "mem0_client",
        "mem0_mock",
        "mem0_mock_app",
        "pytest_addoption",
        "pytest_configure",
        "pytest_make_collect_report",
        "pytest_runtest_call",
    ]
    for name in mem0kit.pytest_plugin.__all__:
        assert getattr(mem0kit.pytest_plugin, name) is not None


def test_the_plugins_error_is_shown_where_users_import_it() -> None:
    error = mem0kit.pytest_plugin.Mem0MockServerError
    assert (error.__module__, error.__name__) == ("mem0kit.pytest_plugin", "Mem0MockServerError")
    assert issubclass(error, AssertionError)
