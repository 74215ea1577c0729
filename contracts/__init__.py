"""Contract suites that judge any Mem0-compatible server at a base URL.

Example:
    >>> from contracts import Target, run
    >>> report = run(Target("http://127.0.0.1:8000", "mock-key", seed=1))  # doctest: +SKIP
    >>> report.exit_code  # doctest: +SKIP
    0

A check of your own is a function `(ctx: RunContext, result: CheckResult) -> None` registered with
`@check("my-id", "title")`; it runs after the built-in checks in every plan.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contracts.checks import Check, CheckResult, check
    from contracts.errors import ConfigurationError, ContractsError, CouldNotRun
    from contracts.failures import Failure
    from contracts.profiles import PROFILES
    from contracts.report import Report
    from contracts.run_context import RunContext
    from contracts.runner import plan, run
    from contracts.target import Target

# Each name is imported on first use (PEP 562), so `mem0-kit verify --help`, which imports
# `contracts.cli`, does not load httpx and every check. The built-in checks register when
# `contracts.runner` (which plans them) or a user's first `@check` is imported.
_EXPORTS = {
    "PROFILES": "contracts.profiles",
    "Check": "contracts.checks",
    "CheckResult": "contracts.checks",
    "ConfigurationError": "contracts.errors",
    "ContractsError": "contracts.errors",
    "CouldNotRun": "contracts.errors",
    "Failure": "contracts.failures",
    "Report": "contracts.report",
    "RunContext": "contracts.run_context",
    "Target": "contracts.target",
    "check": "contracts.checks",
    "plan": "contracts.runner",
    "run": "contracts.runner",
}

__all__ = [
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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'contracts' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
