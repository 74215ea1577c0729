"""A live progress line on a terminal: the checks running now, their cases and rate.

Only when stderr is a terminal (a CI log gets the one line per check start and end instead):
the line is rewritten in place about twice a second and cleared before any other line.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from contracts.checks import Check, CheckResult


class LiveLine:
    """`tick` shows the running checks; `say` prints a whole line above the live one."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self._started: dict[str, float] = {}
        self._shown = False
        self._lock = threading.Lock()

    def say(self, message: str) -> None:
        with self._lock:
            self._clear()
            print(message, file=self.stream, flush=True)

    def tick(self, running: list[tuple[Check, CheckResult]], started: int, total: int) -> None:
        now = time.monotonic()
        parts = []
        for check, result in running:
            since = self._started.setdefault(check.id, now)
            sent = check.context.sent.get(check.id, 0)
            rate = sent / (now - since) if now > since else 0.0
            parts.append(f"{check.id}: {result.cases} cases, {sent} requests, {rate:.0f}/s")
        width = shutil.get_terminal_size((100, 20)).columns - 1
        line = f"[{started}/{total}] " + " | ".join(parts)
        with self._lock:
            self.stream.write("\r" + line[:width].ljust(width))
            self.stream.flush()
            self._shown = True

    def _clear(self) -> None:
        if self._shown:
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self.stream.write("\r" + " " * width + "\r")
            self._shown = False


def wanted(stream: TextIO) -> bool:
    """Whether `stream` is a terminal (so a line rewritten in place reads as one)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
