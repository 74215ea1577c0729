"""The check registry: every check, built-in or a user's, registers through `@check`.

A check is a function `(ctx, result) -> None` that sends requests through `ctx.session` and fills
`result` (failures, cases, events, exercised). `plan()` binds each registered function to one
`RunContext`, giving independent `Check` units the CLI runs in order and the pytest plugin turns
into one test item each.

The built-in checks register where they are defined, when `contracts.runner` imports
`contracts/builtin.py` (which lists their modules in report order); a user's `@check` imports that
first, so user checks always come after the built-ins.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from contracts import levels
from contracts.failures import Failure
from contracts.run_context import RunContext
from mem0spec import bundled

EVENT_TYPES = bundled().event_types()  # ADD, UPDATE, DELETE


def _no_events() -> dict[str, int]:
    return dict.fromkeys(EVENT_TYPES, 0)


@dataclass
class CheckResult:
    """The outcome of one check. `exercised=False` means the server never gave the check anything
    to judge (e.g. no UPDATE ever happened): reported, not a failure; `note` says why.
    `unserved_status` is set when that is because the server does not serve the (optional)
    operation a schema check judges: the status of its answer to a valid request. `error` means
    the check could not complete (the server went away). `blocked_by` names the root cause
    (`contracts/root_causes.py`) that made running it pointless, `not_run` why it never started
    (the `--max-seconds` budget)."""

    check_id: str
    failures: list[Failure] = field(default_factory=list)
    cases: int = 0
    events: dict[str, int] = field(default_factory=_no_events)
    exercised: bool = True
    seconds: float = 0.0
    note: str = ""
    error: str | None = None
    unserved_status: int | None = None
    blocked_by: str | None = None
    not_run: str | None = None

    @property
    def passed(self) -> bool:
        return not self.failures and self.error is None

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.failures:
            return "fail"
        if self.blocked_by is not None:
            return "blocked"
        if self.not_run is not None:
            return "not run"
        return "pass" if self.exercised else "not exercised"

    def count(self, event: str) -> None:
        if event in self.events:
            self.events[event] += 1


CheckFunction = Callable[[RunContext, CheckResult], None]


@dataclass(frozen=True)
class CheckSpec:
    id: str
    title: str
    function: CheckFunction
    # The level its findings break unless the finding says otherwise (contracts/levels.py).
    level: str = levels.DEFAULT_LEVEL
    # Mostly generating cases rather than waiting on the server: run in a worker process over
    # the network (contracts/worker_processes.py), where it gets a core of its own.
    cpu_bound: bool = False


_REGISTRY: dict[str, CheckSpec] = {}


def check(
    check_id: str, title: str, level: str = levels.DEFAULT_LEVEL, cpu_bound: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under a unique id; `level` files its findings when they do not say
    (`works-with-clients`, `documented` or `strict`). A `cpu_bound` check must be a built-in
    (registered by `contracts/builtin.py`): a worker process finds it there.

    Example:
        >>> @check("example-ping-twice", "ping answers twice in a row")
        ... def ping_twice(ctx, result): ...
        >>> unregister("example-ping-twice")
    """

    def register(function: CheckFunction) -> CheckFunction:
        if not function.__module__.startswith("contracts."):  # a user's: after the built-ins
            importlib.import_module("contracts.builtin")
        if check_id in _REGISTRY:
            raise ValueError(f"a check with id {check_id!r} is already registered")
        _REGISTRY[check_id] = CheckSpec(
            check_id, title, function, levels.level_named(level), cpu_bound
        )
        return function

    return register


def unregister(check_id: str) -> None:
    _REGISTRY.pop(check_id, None)


def registered() -> list[CheckSpec]:
    """Every registered check, in registration order (the built-ins first)."""
    return list(_REGISTRY.values())


@dataclass(frozen=True)
class Check:
    """One independent unit of the suite: `.run()` judges the target and returns a CheckResult."""

    id: str
    title: str
    function: CheckFunction = field(repr=False)
    context: RunContext = field(repr=False)
    level: str = levels.DEFAULT_LEVEL
    cpu_bound: bool = False

    def run(self, result: CheckResult | None = None) -> CheckResult:
        """Judge the target; `result` (else a fresh one) is filled as the check goes, so a
        progress line can read its cases while it runs."""
        result = result if result is not None else CheckResult(check_id=self.id)
        self.context.current_check = self.id
        started = time.perf_counter()
        try:
            self.function(self.context, result)
        except httpx.TransportError as exc:
            result.error = stopped_answering(exc)
        result.failures.extend(self.context.take_throttle_failures())
        result.failures[:] = [self._filed(f) for f in result.failures]
        result.seconds = time.perf_counter() - started
        return result

    def _filed(self, failure: Failure) -> Failure:
        """The failure with the lowest level it breaks: its own, else the table's, else the
        check's."""
        if failure.level is not None:
            return failure
        level = levels.level_of(failure)
        if level == levels.DEFAULT_LEVEL and self.level != levels.DEFAULT_LEVEL:
            level = self.level
        return dataclasses.replace(failure, level=level)


def stopped_answering(exc: BaseException) -> str:
    """One sentence for a server that went away mid-check (the exception's own text kept short)."""
    exc = first_leaf(exc)
    text = str(exc)
    # urllib3 (under Schemathesis' requests) buries the reason in a pool's repr: keep the errno.
    errno = re.search(r"\[Errno -?\d+\] [^'\")\]]+", text)
    # Or a tuple's repr ending in the cause: ('Connection aborted.', RemoteDisconnected('...'))
    inner = re.search(r"(\w+)\('([^'()]+)'\)\)*$", text)
    if errno:
        detail = errno.group(0)
    elif inner:
        detail = f"{inner.group(1)}: {inner.group(2)}"
    else:
        detail = text.splitlines()[0] if text else ""
    kind = exc.__class__.__name__
    return f"the server stopped answering ({kind}{': ' + detail[:160] if detail else ''})"


def first_leaf(exc: BaseException) -> BaseException:
    """`exc`, or the first exception a group of them holds, however deep: Hypothesis raises the
    failures of several explicit examples as one group, and a sentence names one cause."""
    while isinstance(exc, BaseExceptionGroup):
        exc = exc.exceptions[0]
    return exc
