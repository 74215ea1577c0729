"""The exceptions of `contracts`.

    ContractsError            base of everything this package raises on purpose
    ├── ConfigurationError    bad arguments (unknown profile, malformed URL): fix the call
    └── CouldNotRun           the target cannot be judged (unreachable, key refused, not Mem0)

A contract *violation* is never an exception: it is a `Failure` value in a `CheckResult`.
"""

from __future__ import annotations


class ContractsError(Exception):
    """Base of the exceptions raised by `contracts`."""


class ConfigurationError(ContractsError, ValueError):
    """The arguments cannot describe a run; the message names the bad one and the valid choices."""


class CouldNotRun(ContractsError):
    """The server cannot be judged at all; the message is one sentence saying why."""
