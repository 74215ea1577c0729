"""The engine behind `mem0-kit verify`: preflight, plan, run every check, build the report."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from contracts.checks import Check, registered
from contracts.errors import ConfigurationError, CouldNotRun
from contracts.report import Report
from contracts.run_context import RunContext
from contracts.target import Target
from mem0spec import bundled

Progress = Callable[[str], None]


def plan(target: Target) -> list[Check]:
    """The suite as independent units sharing one run context (session, scope ids): the
    built-in checks in report order, then any registered with `@check`.

    Example:
        >>> [c.id for c in plan(Target("http://127.0.0.1:1", "k"))][:2]
        ['ping', 'schema:POST /v1/memories/']
    """
    context = RunContext(target)
    return [Check(s.id, s.title, s.function, context) for s in registered()]


def select(checks: list[Check], only: tuple[str, ...]) -> list[Check]:
    """The checks `only` names, in plan order: an entry equal to a check's id names that check,
    any other entry every check whose id starts with it.

    Example:
        >>> ids = [c.id for c in select(plan(Target("http://h", "k")), ("ping", "rule-7"))]
        >>> ids
        ['ping', 'rule-7-auth']
    """
    ids = {c.id for c in checks}
    exact = {entry for entry in only if entry in ids}
    prefixes = tuple(entry for entry in only if entry not in ids)
    return [c for c in checks if c.id in exact or (prefixes and c.id.startswith(prefixes))]


def preflight(context: RunContext) -> None:
    """Raise CouldNotRun (one sentence) unless the target answers ping like a Mem0 server."""
    ping = bundled().operation("ping")
    url = context.target.url(ping.path)
    try:
        exchange = context.session.send(ping.method, ping.path)
    except httpx.TransportError as exc:
        reason = str(exc) or exc.__class__.__name__
        raise CouldNotRun(f"cannot reach {url}: {reason}.") from None
    if exchange.status == 401:
        raise CouldNotRun(
            f"the server refused the API key: {ping.label} answered 401; check --api-key."
        )
    body = exchange.json(default=None)
    if exchange.status != 200 or not isinstance(body, dict):
        kind = exchange.content_type or "no content type"
        raise CouldNotRun(
            f"{url} does not look like a Mem0 server: {ping.label} answered "
            f"{exchange.status} ({kind}) instead of a JSON object."
        )
    context.ping = body


def run(target: Target, progress: Progress | None = None, only: tuple[str, ...] = ()) -> Report:
    """Judge the target: preflight, then every planned check; never raises for the server's sake.

    `only` keeps the checks it names: an entry that is a check's id names that check alone
    (`schema:POST /v1/memories/`, not also `schema:POST /v1/memories/search/`), any other entry
    every check whose id starts with it (`rule-`, `schema`); ConfigurationError if none is kept.

    Example:
        >>> report = run(Target("http://127.0.0.1:1", "k"))
        >>> report.exit_code
        2
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    checks = plan(target)
    context = checks[0].context
    if only:
        checks = select(checks, only)
        if not checks:
            context.close()
            known = ", ".join(c.id for c in plan(target))
            raise ConfigurationError(f"no check id starts with {' or '.join(only)}; ids: {known}")
    report = Report(target.base_url, target.seed, target.profile, context.run_id)
    report.titles = {c.id: c.title for c in checks}
    try:
        say(f"preflight: GET {target.url(bundled().operation('ping').path)}")
        preflight(context)
        for index, unit in enumerate(checks, start=1):
            say(f"[{index}/{len(checks)}] {unit.id}: {unit.title} ...")
            result = unit.run()
            report.results.append(result)
            say(
                f"[{index}/{len(checks)}] {unit.id}: {result.status}, {result.cases} cases, "
                f"{result.seconds:.1f} s"
            )
            if result.error:
                break
    except CouldNotRun as exc:
        report.could_not_run = str(exc)
    finally:
        context.close()
    report.seconds = time.perf_counter() - started
    return report
