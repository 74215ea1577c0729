"""Contract suites that judge any Mem0-compatible server at a base URL.

Example:
    >>> from contracts import Target, run
    >>> report = run(Target("http://127.0.0.1:8000", "mock-key", seed=1))  # doctest: +SKIP
    >>> report.exit_code  # doctest: +SKIP
    0
"""

from __future__ import annotations

from contracts.checks import Check, CheckResult, check
from contracts.errors import ConfigurationError, ContractsError, CouldNotRun
from contracts.failures import Failure
from contracts.profiles import PROFILES
from contracts.report import Report
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
    "Target",
    "check",
    "plan",
    "run",
]
