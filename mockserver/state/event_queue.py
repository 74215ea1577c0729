"""Queued adds, done the way Mem0 does them and under the tester's control.

A queued add (v3 with `infer: true`, v1 with `async_mode: true`) is answered `PENDING` at once;
its work runs before the next request is served (`run_pending`, called for every request), so
by default a client that follows the event finds it `SUCCEEDED` and its memories stored. A test
that wants to see its app handle the wait or a failure holds the queue: new events stay
`PENDING` (or `RUNNING`) and their memories unwritten until it is released, and a held event can
be made to fail with an error instead (`POST /_mock/queue`, `mem0_mock.hold_events()`).
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from mockserver.state.store import EventRecord, Store

__all__ = ["HELD_STATUSES", "EventQueue", "QueueError", "WorkFailed"]

HELD_STATUSES = ("PENDING", "RUNNING")

# The work of one queued add: it writes the memories and returns the events (v1.1 items).
Work = Callable[[], Awaitable[tuple[Mapping[str, Any], ...]]]


class QueueError(ValueError):
    """A queue control that cannot be done (an unknown or finished event)."""


class WorkFailed(Exception):
    """A queued add that cannot be done: its event ends FAILED with this message as its error."""


class EventQueue:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.held: str | None = None  # the status held events show, or None: not held
        self._waiting: collections.deque[str] = collections.deque()
        self._work: dict[str, Work] = {}
        self._on_drop: dict[str, Callable[[], None]] = {}
        self._lock = asyncio.Lock()

    def enqueue(
        self, record: EventRecord, work: Work, on_drop: Callable[[], None] | None = None
    ) -> None:
        """Queue `work`; `on_drop` is called if it is failed instead (what it held is freed)."""
        if self.held is not None:
            record.status = self.held
        self.store.add_event(record)
        self._work[record.id] = work
        if on_drop is not None:
            self._on_drop[record.id] = on_drop
        self._waiting.append(record.id)

    def hold(self, status: str) -> None:
        self.held = status
        for event_id in self._waiting:
            record = self.store.events.get(event_id)
            if record is not None:
                record.status = status

    def release(self) -> None:
        """Stop holding; the waiting work runs before the next request."""
        self.held = None

    def fail(self, event_id: str, error: str) -> None:
        """A waiting event ends FAILED with `error`; its memories are never written."""
        record = self.store.events.get(event_id)
        if record is None or event_id not in self._work:
            raise QueueError(f"No waiting event with id {event_id!r} (only held events can fail).")
        del self._work[event_id]
        self._waiting.remove(event_id)
        drop = self._on_drop.pop(event_id, None)
        if drop is not None:
            drop()
        record.status, record.error = "FAILED", error
        record.updated_at = self.store.clock.now()

    def waiting(self) -> int:
        return len(self._waiting)

    async def run_pending(self) -> None:
        """Do the waiting work, oldest first, unless the queue is held. Cheap when idle."""
        if not self._waiting or self.held is not None:
            return
        async with self._lock:  # a second request waits for the first one's run to finish
            while self._waiting and self.held is None:
                event_id = self._waiting.popleft()
                work = self._work.pop(event_id, None)
                self._on_drop.pop(event_id, None)
                record = self.store.events.get(event_id)
                if work is None:
                    continue
                try:
                    results = await work()
                except WorkFailed as failed:
                    if record is not None:
                        record.status, record.error = "FAILED", str(failed)
                        record.updated_at = self.store.clock.now()
                    continue
                if record is not None:
                    record.status, record.results = "SUCCEEDED", results
                    record.updated_at = self.store.clock.now()

    def reset(self) -> None:
        self.held = None
        self._waiting.clear()
        self._work.clear()
        self._on_drop.clear()
