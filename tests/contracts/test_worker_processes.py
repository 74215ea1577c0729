"""contracts/worker_processes.py: over the network the schema checks run in worker processes,
and the report is the one the threads alone give."""

from __future__ import annotations

import multiprocessing
import os

from contracts import Check, CheckResult, Report, Target, run
from mockserver import DEFAULT_API_KEY, Settings, run_in_thread

CHECKS = ("schema:GET /v1/ping/", "schema:GET /v1/memories/", "schema:GET /v1/entities/", "rule-7")


def _run(workers: int) -> tuple[Report, set[int]]:
    """A report against a fresh mock over HTTP, and how many worker processes ran meanwhile."""
    children: set[int] = set()

    def ticker(_running: list[tuple[Check, CheckResult]], _started: int, _total: int) -> None:
        children.update(child.pid or 0 for child in multiprocessing.active_children())

    with run_in_thread(Settings(seed=0)) as server:
        target = Target(
            server.url, DEFAULT_API_KEY, seed=3, profile="quick", run_id="wp", workers=workers
        )
        report = run(target, only=CHECKS, ticker=ticker)
        server.check()
    return report, children


def _outcomes(report: Report) -> list[tuple[str, str, int, dict[str, int]]]:
    return [(r.check_id, r.status, r.cases, r.events) for r in report.results]


def test_the_schema_checks_run_in_processes_and_report_as_the_threads_do() -> None:
    on_threads, none = _run(workers=1)
    in_processes, children = _run(workers=4)
    assert none == set()
    assert len(children) == min(os.cpu_count() or 1, 3)  # one per core, for 3 schema checks
    assert _outcomes(in_processes) == _outcomes(on_threads)
    assert [r.status for r in in_processes.results] == ["pass"] * len(CHECKS)
    assert multiprocessing.active_children() == []  # each stopped with the run
