"""Run `contracts.run` against one broken server and say what it reported, and how fast."""

from __future__ import annotations

import re
from dataclasses import dataclass

from contracts import Failure, Report, Target, levels, run
from contracts.checks import registered
from mem0spec import bundled
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
    # The lowest conformance level of the expected finding (contracts/levels.py), None if missed.
    level: str | None = None


def matches(failure: Failure, expect: str) -> bool:
    if expect.startswith("rule "):
        return failure.rule == int(expect.split()[1])
    return failure.clause.startswith(expect)


def judge(report: Report, broken: Broken) -> Row:
    found = [f for r in report.results for f in r.failures if matches(f, broken.expect)]
    found_levels = [f.level for f in found if f.level is not None]
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
        level=min(found_levels, key=levels.rank) if found_levels else None,
    )


def checks_of_required_operations() -> tuple[str, ...]:
    """Every check but the schema checks of optional operations: what can catch a server that
    breaks a rule of the required operations (add, ping, the event lookup), as every broken server
    of the library does. The optional operations' schema checks, a dozen Schemathesis runs against
    the mock underneath, could not."""
    optional = {f"schema:{op.label}" for op in bundled().operations.values() if not op.required}
    return tuple(s.id for s in registered() if s.id not in optional)


def checks_that_catch(broken: Broken) -> tuple[str, ...]:
    """The checks that judge what `broken` breaks: the rule's own check for a rule, ping or the
    event lookup for theirs, the required operations' schema checks for a schema clause. The
    whole plan runs against the correct servers (tests/contracts/test_runner.py); a broken
    server needs only what can find its fault, which keeps the table minutes shorter."""
    if broken.expect.startswith("rule "):
        return (f"rule-{broken.expect.split()[1]}-",)
    if broken.expect == "ping":
        return ("ping",)
    if broken.expect == "event lookup":
        return ("event-lookup",)
    if broken.expect in ("required operation", "authentication scheme"):
        return ("schema:POST /v1/memories/", "rule-6-", "rule-7-")
    return tuple(f"schema:{op.label}" for op in bundled().operations.values() if op.required)


def verify_in_process(
    app: ASGIApp,
    key: str,
    seed: int = 0,
    profile: str = "default",
    select: tuple[str, ...] = (),
    level: str | None = None,
) -> Report:
    """`contracts.run` in-process; `select` as `mem0-kit verify --check` (all checks if empty)."""
    target = Target(
        "http://testserver",
        key,
        seed=seed,
        profile=profile,
        app=app,
        event_wait=2.0,
        run_id="broken",
    )
    return run(target, only=select, level=level)


def markdown(rows: list[Row]) -> str:
    """The detection table of docs/BROKEN_SERVERS.md."""
    lines = [
        "| broken server | what it breaks | verify exit | clause reported (expected first) "
        "| level | s to detect | s total |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        shown = [re.sub(r"^Rule (\d+): .*", r"rule \1", clause) for clause in row.reported[:3]]
        reported = "; ".join(shown) if row.named_right else "NOT NAMED"
        detect = f"{row.seconds_to_detect:.1f}" if row.seconds_to_detect is not None else "-"
        lines.append(
            f"| `{row.name}` | {row.breaks} | {row.exit_code} | {reported} | {row.level or '-'} "
            f"| {detect} "
            f"| {row.seconds_total:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the table for every broken server (the mock as the correct server, default profile,
    the checks that can catch them)."""
    import sys

    from mockserver import DEFAULT_API_KEY, Settings, create_app
    from tests.contracts.broken.levels import LEVEL_BROKEN
    from tests.contracts.broken.servers import BROKEN

    rows = []
    for broken in (*BROKEN, *LEVEL_BROKEN):
        app = broken.build(create_app(Settings(seed=0)), DEFAULT_API_KEY)
        report = verify_in_process(
            app, DEFAULT_API_KEY, select=checks_of_required_operations(), level=levels.STRICT
        )
        rows.append(judge(report, broken))
        print(f"{broken.name}: exit {rows[-1].exit_code}", file=sys.stderr, flush=True)
    print(markdown(rows))


if __name__ == "__main__":
    main()
