"""CPU-bound checks in worker processes, so that they use more than the one core a Python
interpreter's threads share.

The schema layer spends its time in Hypothesis generating cases, not waiting on the server: on
threads, its checks took turns on one core while the other sat idle. Over the network the runner
hands those checks (`cpu_bound=True`, the built-in schema checks) to a few spawned processes, each
running its share on its own threads; the runner keeps scheduling, the budget and the report.
Each process plans the same built-in checks for the same target and run id (so scope ids and
seeds are the run's), takes the ping the preflight read, and answers with each check's
CheckResult, and with its cases and requests while it runs (the progress line).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import queue
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from contracts.checks import Check, CheckResult
from contracts.run_context import RunContext
from contracts.target import Target

# How often a process reports the cases and requests of its running checks.
PROGRESS_SECONDS = 0.5


@dataclass(frozen=True)
class _Assignment:
    index: int
    check_id: str


class WorkerProcesses:
    """`processes` spawned interpreters, each running up to `threads` checks at once.

    `submit` returns a Future the runner waits on like a thread pool's; `result` (the runner's
    live CheckResult) gets the check's cases while it runs. A check that raises in a process
    raises here, with the process's traceback as its message.
    """

    def __init__(self, context: RunContext, processes: int, threads: int) -> None:
        spawn = multiprocessing.get_context("spawn")
        self._context = context
        self._results: Any = spawn.Queue()
        self._inboxes: list[Any] = [spawn.Queue() for _ in range(processes)]
        self._load = [0] * processes
        self._running: dict[int, tuple[Future[CheckResult], CheckResult, int]] = {}
        self._lock = threading.Lock()
        setup = (context.target, context.run_id, context.ping, context.deadline, threads)
        self._processes = [
            spawn.Process(target=_serve, args=(inbox, self._results, *setup), daemon=True)
            for inbox in self._inboxes
        ]
        for process in self._processes:
            process.start()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def submit(self, index: int, check: Check, result: CheckResult) -> Future[CheckResult]:
        future: Future[CheckResult] = Future()
        with self._lock:
            lane = min(range(len(self._load)), key=self._load.__getitem__)
            self._load[lane] += 1
            self._running[index] = (future, result, lane)
        self._inboxes[lane].put(_Assignment(index, check.id))
        return future

    def close(self) -> None:
        """Let each process finish what it runs, then stop it (the runner waits for those)."""
        for inbox in self._inboxes:
            inbox.put(None)
        for process in self._processes:
            process.join(10)
            if process.is_alive():
                process.kill()
        self._results.put(None)
        self._reader.join(5)

    def _read(self) -> None:
        while (message := self._results.get()) is not None:
            kind, index, payload = message
            with self._lock:
                entry = self._running.get(index)
                if entry is None:
                    continue
                future, live, lane = entry
                if kind != "progress":
                    del self._running[index]
                    self._load[lane] -= 1
            if kind == "progress":
                live.cases, self._context.sent[live.check_id] = payload
            elif kind == "done":
                future.set_result(payload)
            else:
                future.set_exception(RuntimeError(f"in a worker process:\n{payload}"))
        for future, _, _ in self._running.values():
            if not future.done():
                future.set_exception(RuntimeError("a worker process ended without answering"))


def _serve(
    inbox: Any,
    results: Any,
    target: Target,
    run_id: str,
    ping: dict[str, Any],
    deadline: float | None,
    threads: int,
) -> None:
    """One worker process: run each assigned check on a thread, answer with its result."""
    from contracts import threaded_ast
    from contracts.runner import guarded, plan  # registers the built-in checks

    planned = plan(dataclasses.replace(target, run_id=run_id))
    checks = {check.id: check for check in planned}
    context = planned[0].context
    context.ping, context.deadline = ping, deadline
    live: dict[int, CheckResult] = {}
    stop = threading.Event()

    def report_progress() -> None:
        while not stop.wait(PROGRESS_SECONDS):
            for index, result in list(live.items()):
                sent = context.sent.get(result.check_id, 0)
                results.put(("progress", index, (result.cases, sent)))

    def answer(index: int) -> Callable[[Future[CheckResult]], None]:
        def done(future: Future[CheckResult]) -> None:
            live.pop(index, None)
            error = future.exception()
            if error is None:
                results.put(("done", index, future.result()))
            else:
                text = "".join(traceback.format_exception(error))
                results.put(("raised", index, text))

        return done

    reporter = threading.Thread(target=report_progress, daemon=True)
    reporter.start()
    try:
        with threaded_ast.one_at_a_time(), ThreadPoolExecutor(max_workers=threads) as pool:
            while True:
                try:
                    assignment = inbox.get(timeout=1)
                except queue.Empty:
                    parent = multiprocessing.parent_process()
                    if parent is not None and not parent.is_alive():
                        break  # the runner is gone: nobody reads the answers
                    continue
                if assignment is None:
                    break
                result = live[assignment.index] = CheckResult(assignment.check_id)
                future = pool.submit(guarded, checks[assignment.check_id], result)
                future.add_done_callback(answer(assignment.index))
    finally:
        stop.set()
        context.close()
