"""`contracts.__all__` is the package's public surface: sorted, and changed only on purpose."""

from __future__ import annotations

import contracts

EXPECTED = [
    "PROFILES",
    "Check",
    "CheckResult",
    "ConfigurationError",
    "ContractsError",
    "CouldNotRun",
    "Failure",
    "Report",
    "RunContext",
    "Target",
    "check",
    "plan",
    "run",
]


def _isort_order(name: str) -> tuple[bool, bool, str]:
    # ruff's RUF022 order: CONSTANTS, then Classes, then functions, each alphabetically.
    return (not name.isupper(), not name[:1].isupper(), name)


def test_all_is_sorted() -> None:
    assert contracts.__all__ == sorted(contracts.__all__, key=_isort_order)


def test_all_is_the_expected_surface() -> None:
    assert contracts.__all__ == EXPECTED
    assert all(hasattr(contracts, name) for name in contracts.__all__)
