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

# Imported for its effect: it registers the built-in checks, in report order, before any user's.
from contracts import builtin  # noqa: F401
from contracts.checks import Check, CheckResult, check
from contracts.errors import ConfigurationError, ContractsError, CouldNotRun
from contracts.failures import Failure
from contracts.profiles import PROFILES
from contracts.report import Report
from contracts.run_context import RunContext
from contracts.runner import plan, run
from contracts.target import Target

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
