"""What the checks of one plan share: the target, its session, this run's scope ids, the ping.

It also judges every 429 the session meets, whichever check sent the request: the failures are
kept until that check ends (`take_throttle_failures`) and reported with it.
"""

from __future__ import annotations

import re
import secrets
import threading
from typing import Any

from contracts.failures import Failure
from contracts.profiles import Profile, profile_named
from contracts.session import Exchange, Session
from contracts.target import Target
from mem0spec import bundled

SCOPE_PREFIX = "mck"


class RunContext:
    """One run's shared state. Scope ids all start with `mck-<run_id>-`, so a run never reads or
    writes another run's (or a real user's) memories on a shared deployment."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.profile: Profile = profile_named(target.profile)
        self.run_id = target.run_id or secrets.token_hex(4)
        self.session = Session(target, on_throttled=self._judge_throttle, on_sent=self._count)
        # Requests sent so far by each check (a progress line's rate).
        self.sent: dict[str, int] = {}
        self.ping: dict[str, Any] = {}
        # Checks may run on several threads at once (contracts/runner.py): which check sent a
        # request is the thread's, and each check's 429 findings are kept apart.
        self._local = threading.local()
        self._lock = threading.Lock()
        self._throttle_failures: dict[str, list[Failure]] = {}
        # Set once a queued add never finished within target.event_wait.
        self.events_stalled = False
        # time.monotonic() past which the schema layer sends no more cases (--max-seconds).
        self.deadline: float | None = None

    @property
    def current_check(self) -> str:
        return getattr(self._local, "check", "")

    @current_check.setter
    def current_check(self, check_id: str) -> None:
        self._local.check = check_id

    @property
    def prefix(self) -> str:
        return f"{SCOPE_PREFIX}-{self.run_id}-"

    def scope_id(self, label: str) -> str:
        return f"{self.prefix}{label}"

    def close(self) -> None:
        self.session.close()

    def _count(self) -> None:
        check_id = self.current_check
        self.sent[check_id] = self.sent.get(check_id, 0) + 1  # one writer per check id

    def take_throttle_failures(self) -> list[Failure]:
        with self._lock:
            return self._throttle_failures.pop(self.current_check, [])

    def _judge_throttle(self, exchange: Exchange) -> None:
        problems = throttle_problems(exchange)
        if problems:
            with self._lock:
                found = self._throttle_failures.setdefault(self.current_check, [])
            found.append(
                Failure.from_exchange(
                    self.current_check,
                    "schema: response_headers_conformance (429)",
                    "a 429 answer lacks what a client needs to back off",
                    "; ".join(problems),
                    exchange,
                )
            )


def throttle_problems(exchange: Exchange) -> list[str]:
    """What a 429 breaks of the contract's TooManyRequests response (headers and envelope)."""
    spec = bundled()
    problems = []
    path_op = spec.operation_for(exchange.method, exchange.url) or spec.operation("addMemories")
    for header in path_op.headers.get(429, ()):
        # Received header names are lower-case (httpx); the contract writes them capitalised.
        name = header.name.lower()
        value = exchange.headers.get(name)
        if value is None:
            if header.required:
                problems.append(f"required header {name} is missing")
            continue
        pattern = header.schema.get("pattern")
        if pattern and re.search(pattern, value) is None:
            problems.append(f"header {name}: {value!r} does not match {pattern}")
    body = exchange.json(default=None)
    problems += [f"body {error}" for error in spec.schema_errors("Error", body)]
    return problems
