"""Run `contracts.run` against one broken server and say what it reported, and how fast."""

from __future__ import annotations

from dataclasses import dataclass

from contracts import Failure, Report, Target, run
from tests.contracts.broken.intercept import ASGIApp
from tests.contracts.broken.servers import Broken


@dataclass(frozen=True)
class Row:
    name: str
    breaks: str
    expect: str
    exit_code: int
    reported: tuple[str, ...]  # every clause reported, first the expected one when found
    named_right: bool
    seconds_to_detect: float | None
    seconds_total: float


def matches(failure: Failure, expect: str) -> bool:
    if expect.startswith("rule "):
        return failure.rule == int(expect.split()[1])
    return failure.clause.startswith(expect)


def judge(report: Report, broken: Broken) -> Row:
    elapsed = 0.0
    detected_at = None
    for result in report.results:
        elapsed += result.seconds
        if detected_at is None and any(matches(f, broken.expect) for f in result.failures):
            detected_at = elapsed
    clauses = sorted({f.clause for r in report.results for f in r.failures})
    named = [
        c
        for c in clauses
        if any(
            matches(f, broken.expect) for r in report.results for f in r.failures if f.clause == c
        )
    ]
    return Row(
        name=broken.name,
        breaks=broken.breaks,
        expect=broken.expect,
        exit_code=report.exit_code,
        reported=tuple(named + [c for c in clauses if c not in named]),
        named_right=bool(named),
        seconds_to_detect=detected_at,
        seconds_total=report.seconds,
    )


def verify_in_process(app: ASGIApp, key: str, seed: int = 0) -> Report:
    target = Target("http://testserver", key, seed=seed, app=app, event_wait=2.0, run_id="broken")
    return run(target)
