"""The package's public face: exactly what `mockserver` exports."""

from __future__ import annotations

import mockserver


def listed_order(names: list[str]) -> list[str]:
    """The order `__all__` is kept in (ruff's RUF022): CONSTANTS, then Classes, then functions,
    each alphabetically."""
    return sorted(
        names, key=lambda name: (0 if name.isupper() else 1 if name[0].isupper() else 2, name)
    )


def test_the_public_names_are_exactly_these_and_listed_sorted() -> None:
    assert sorted(mockserver.__all__) == [
        "DEFAULT_API_KEY",
        "FixtureError",
        "MockApp",
        "MockServer",
        "MockServerError",
        "ServerThreadError",
        "Settings",
        "SettingsError",
        "create_app",
        "run_in_thread",
    ]
    assert mockserver.__all__ == listed_order(mockserver.__all__)


def test_every_public_name_is_importable() -> None:
    for name in mockserver.__all__:
        assert getattr(mockserver, name) is not None, name
