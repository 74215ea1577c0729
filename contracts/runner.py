"""The engine behind `mem0-kit verify`: preflight, the root-cause pass, the checks, the report.

Checks are independent (each in its own scopes), so up to `Target.concurrency` run at once: a
slow server's waits overlap. Over the network the CPU-bound ones (the schema checks) run in worker
processes, one per core (contracts/worker_processes.py), the others on a thread pool here. The
report keeps plan order. No check starts after the `--max-seconds` budget; those are reported
*not run: budget*. A server that stops answering ends the run with one sentence naming the check
and how long the run had gone.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import httpx

# builtin is imported for its effect: it registers the built-in checks, in report order.
from contracts import builtin, root_causes, threaded_ast  # noqa: F401
from contracts.checks import Check, CheckResult, registered, stopped_answering
from contracts.errors import ConfigurationError, CouldNotRun
from contracts.preflight import preflight
from contracts.report import Report
from contracts.run_context import RunContext
from contracts.target import Target
from contracts.worker_processes import WorkerProcesses
from mem0spec import bundled

# Worker processes at most (one per core up to this): the schema checks' generation is CPU-bound.
MAX_PROCESSES = 4

Progress = Callable[[str], None]
# Called with the checks running now and their live results, about twice a second (a terminal's
# progress line, contracts/progress.py).
Ticker = Callable[[list[tuple[Check, CheckResult]], int, int], None]

__all__ = ["plan", "preflight", "run", "select"]


def plan(target: Target) -> list[Check]:
    """The suite as independent units sharing one run context (session, scope ids): the
    built-in checks in report order, then any registered with `@check`.

    Example:
        >>> [c.id for c in plan(Target("http://127.0.0.1:1", "k"))][:2]
        ['ping', 'schema:POST /v1/memories/']
    """
    context = RunContext(target)
    return [Check(s.id, s.title, s.function, context, s.level, s.cpu_bound) for s in registered()]


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


def run(
    target: Target,
    progress: Progress | None = None,
    only: tuple[str, ...] = (),
    level: str | None = None,
    ticker: Ticker | None = None,
) -> Report:
    """Judge the target: preflight, then every planned check; never raises for the server's sake.

    `only` keeps the checks it names: an entry that is a check's id names that check alone
    (`schema:POST /v1/memories/`, not also `schema:POST /v1/memories/search/`), any other entry
    every check whose id starts with it (`rule-`, `schema`); ConfigurationError if none is kept.
    `level` is the conformance level that gates the exit code (default `documented`).

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
    if level is not None:
        report.level = level
    report.titles = {c.id: c.title for c in checks}
    if target.max_seconds is not None:
        context.deadline = time.monotonic() + target.max_seconds
    try:
        say(f"preflight: GET {target.url(bundled().operation('ping').path)}")
        preflight(context)
        cause = _root_cause(context, checks)
        report.results = _run_all(checks, context, cause, say, ticker, started)
    except CouldNotRun as exc:
        report.could_not_run = str(exc)
    finally:
        context.close()
    report.seconds = time.perf_counter() - started
    return report


def _root_cause(context: RunContext, checks: list[Check]) -> root_causes.Cause | None:
    ids = {c.id for c in checks}
    add_checks = [i for i in ids if i.startswith("rule-") or i == "schema:POST /v1/memories/"]
    if not add_checks:
        return None
    try:
        return root_causes.find(context)
    except httpx.TransportError as exc:
        reason = stopped_answering(exc)
        raise CouldNotRun(f"{reason}, right after ping answered.") from None


def _run_all(
    checks: list[Check],
    context: RunContext,
    cause: root_causes.Cause | None,
    say: Progress,
    ticker: Ticker | None,
    started: float,
) -> list[CheckResult]:
    total = len(checks)
    results: list[CheckResult | None] = [None] * total
    pending: list[int] = []
    for index, unit in enumerate(checks):
        if cause is not None and unit.id == cause.owner:
            results[index] = CheckResult(unit.id, failures=[cause.failure], cases=1)
        elif cause is not None and cause.blocks(unit.id):
            results[index] = CheckResult(unit.id, exercised=False, blocked_by=cause.summary)
        else:
            pending.append(index)
    for index, result in enumerate(results):
        if result is not None:
            say(f"[{index + 1}/{total}] {checks[index].id}: {_status_words(result)}")
    live: dict[Future[CheckResult], tuple[int, CheckResult]] = {}
    stop = threading.Event()

    def stopped() -> bool:
        return stop.is_set() or (
            context.deadline is not None and time.monotonic() > context.deadline
        )

    processes = _worker_processes(checks, pending, context)
    with (
        threaded_ast.one_at_a_time(),
        ThreadPoolExecutor(max_workers=context.target.concurrency) as pool,
        contextlib.closing(processes) if processes is not None else contextlib.nullcontext(),
    ):
        queue = _dispatch_order(checks, pending) if processes is not None else list(pending)
        while queue or live:
            while queue and len(live) < context.target.concurrency and not stopped():
                index = queue.pop(0)
                result = CheckResult(checks[index].id)
                say(f"[{index + 1}/{total}] {checks[index].id}: {checks[index].title} ...")
                if processes is not None and checks[index].cpu_bound:
                    future = processes.submit(index, checks[index], result)
                else:
                    future = pool.submit(guarded, checks[index], result)
                live[future] = (index, result)
            if not live:
                break
            done, _ = wait(list(live), timeout=0.5, return_when=FIRST_COMPLETED)
            if ticker is not None:
                ticker([(checks[i], r) for i, r in live.values()], total - len(queue), total)
            for future in done:
                index, result = live.pop(future)
                results[index] = future.result()
                finished = results[index]
                assert finished is not None
                if finished.error is not None:
                    # Which check, and how long into the run, in the one sentence.
                    when = (
                        f" during {finished.check_id}, "
                        f"{time.perf_counter() - started:.1f} s into the run"
                    )
                    words, _, detail = finished.error.partition(" (")
                    finished.error = f"{words}{when}" + (f" ({detail}" if detail else "")
                    stop.set()
                say(
                    f"[{index + 1}/{total}] {finished.check_id}: {_status_words(finished)}, "
                    f"{finished.cases} cases, {finished.seconds:.1f} s"
                )
        for index in queue:
            reason = "the server stopped answering" if stop.is_set() else "budget"
            results[index] = CheckResult(checks[index].id, exercised=False, not_run=reason)
    return [r for r in results if r is not None]


def _worker_processes(
    checks: list[Check], pending: list[int], context: RunContext
) -> WorkerProcesses | None:
    """Processes for the CPU-bound checks, where there are cores to spare and they would run
    several at once over the network (an in-process app is called from this process only)."""
    cpu_bound = sum(1 for index in pending if checks[index].cpu_bound)
    cores = os.cpu_count() or 1
    workers = context.target.concurrency
    if context.target.app is not None or workers < 2 or cores < 2 or cpu_bound < 2:
        return None
    return WorkerProcesses(context, processes=min(cores, MAX_PROCESSES, cpu_bound), threads=workers)


def _dispatch_order(checks: list[Check], pending: list[int]) -> list[int]:
    """CPU-bound and waiting checks taken in turn: from the start both the worker processes'
    cores and this process's waits on the server are busy (in plan order, the schema checks
    would fill every slot first and the rules' long request chains would run last)."""
    cpu = [index for index in pending if checks[index].cpu_bound]
    waiting = [index for index in pending if not checks[index].cpu_bound]
    order = []
    for pair in itertools.zip_longest(cpu, waiting):
        order += [index for index in pair if index is not None]
    return order


def guarded(unit: Check, result: CheckResult) -> CheckResult:
    """`unit.run`, with an exception from a server gone mid-check as the check's error: deep in
    Schemathesis a dropped connection surfaces as a urllib3 or requests exception."""
    try:
        return unit.run(result)
    except Exception as exc:
        if not _gone(unit.context):
            raise
        result.error = stopped_answering(exc)
        return result


def _gone(context: RunContext) -> bool:
    """Whether the target no longer answers ping at all."""
    ping = bundled().operation("ping")
    try:
        context.session.send(ping.method, ping.path)
    except httpx.TransportError:
        return True
    return False


def _status_words(result: CheckResult) -> str:
    if result.blocked_by is not None:
        return f"blocked by {result.blocked_by}"
    return result.status
