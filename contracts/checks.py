"""The check registry: every check, built-in or a user's, registers through `@check`.

A check is a function `(ctx, result) -> None` that sends requests through `ctx.session` and fills
`result` (failures, cases, events, exercised). `plan()` binds each registered function to one
`RunContext`, giving independent `Check` units the CLI runs in order and the pytest plugin turns
into one test item each.

The built-in checks register where they are defined, when `import contracts` imports them
(`contracts/builtin.py` lists their modules in report order); a user's `@check` can only run after
that import, so user checks always come after the built-ins.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

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
    the check could not complete (the server went away)."""

    check_id: str
    failures: list[Failure] = field(default_factory=list)
    cases: int = 0
    events: dict[str, int] = field(default_factory=_no_events)
    exercised: bool = True
    seconds: float = 0.0
    note: str = ""
    error: str | None = None
    unserved_status: int | None = None

    @property
    def passed(self) -> bool:
        return not self.failures and self.error is None

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.failures:
            return "fail"
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


_REGISTRY: dict[str, CheckSpec] = {}


def check(check_id: str, title: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under a unique id.

    Example:
        >>> @check("example-ping-twice", "ping answers twice in a row")
        ... def ping_twice(ctx, result): ...
        >>> unregister("example-ping-twice")
    """

    def register(function: CheckFunction) -> CheckFunction:
        if check_id in _REGISTRY:
            raise ValueError(f"a check with id {check_id!r} is already registered")
        _REGISTRY[check_id] = CheckSpec(check_id, title, function)
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

    def run(self) -> CheckResult:
        result = CheckResult(check_id=self.id)
        self.context.current_check = self.id
        started = time.perf_counter()
        try:
            self.function(self.context, result)
        except httpx.TransportError as exc:
            result.error = f"the server stopped answering: {exc.__class__.__name__}: {exc}"
        result.failures.extend(self.context.take_throttle_failures())
        result.seconds = time.perf_counter() - started
        return result
