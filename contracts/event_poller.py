"""Following a queued add as a client does: poll `GET /v1/event/{event_id}/` until it is done.

The poll backs off (20 ms doubling to 0.5 s) and gives up after `Target.event_wait` seconds
(`--event-timeout`). Each answer is checked against the contract's `EventStatus`: an event object
in another shape (`event_id` instead of `id`, `results` an object) is a finding, and its events
are then unknown, not empty, so that no rule infers from them what the server did not say.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from contracts.run_context import RunContext
from contracts.session import Exchange
from mem0spec import TERMINAL_EVENT_STATES, AnswerEvent, bundled, events_of

FIRST_DELAY, LONGEST_DELAY = 0.02, 0.5


@dataclass(frozen=True)
class Followed:
    """What following one event id showed. `events` is None when they are unknown: the lookup
    failed, the event object broke the contract, or the work never finished (`problem` says)."""

    event_id: str
    events: list[AnswerEvent] | None
    problem: str = ""
    exchange: Exchange | None = field(default=None, compare=False)
    status: str = ""
    polls: int = 0


def follow_event(ctx: RunContext, event_id: str) -> Followed:
    """Poll the event until SUCCEEDED or FAILED (its events), or say why its events are unknown.

    One event that never finishes is enough evidence for a run: later ones are looked up once
    and not waited for (`ctx.events_stalled`).
    """
    spec = bundled()
    path = spec.operation("getEvent").path_with(event_id=event_id)
    deadline = time.monotonic() + ctx.target.event_wait
    delay, polls = FIRST_DELAY, 0
    while True:
        exchange = ctx.session.send("GET", path)
        polls += 1
        answer = exchange.json(default=None)
        if exchange.status != 200:
            why = f"queued event {event_id!r} answered {exchange.status}"
            return Followed(event_id, None, why, exchange, polls=polls)
        errors = spec.schema_errors("EventStatus", answer)
        if errors:
            why = f"event {event_id!r} is not an EventStatus: " + "; ".join(errors[:3])
            return Followed(event_id, None, why, exchange, polls=polls)
        if answer["status"] in TERMINAL_EVENT_STATES:
            return Followed(
                event_id, events_of(answer), "", exchange, status=answer["status"], polls=polls
            )
        if time.monotonic() > deadline or ctx.events_stalled:
            ctx.events_stalled = True
            why = (
                f"queued event {event_id!r} still {answer['status']} after "
                f"{ctx.target.event_wait:g} s"
            )
            return Followed(event_id, None, why, exchange, status=answer["status"], polls=polls)
        time.sleep(delay)
        delay = min(delay * 2, LONGEST_DELAY)
