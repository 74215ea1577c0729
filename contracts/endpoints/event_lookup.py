"""The `event-lookup` check: `GET /v1/event/{event_id}/` resolves issued ids, 404s unknown ones."""

from __future__ import annotations

from contracts.add_requests import queued_event_id
from contracts.checks import CheckResult, check
from contracts.error_answers import fail_once, judge_error_answer
from contracts.event_poller import follow_event
from contracts.run_context import RunContext
from mem0spec import bundled


@check("event-lookup", "GET /v1/event/{event_id}/: issued ids resolve, unknown ids get 404")
def event_lookup(ctx: RunContext, result: CheckResult) -> None:
    """An id this project never issued gets 404 with the error envelope; a queued add's id (one
    the server issued) is followed to its end, each answer a 200 `EventStatus`. Not exercised
    when the server queues nothing."""
    op = bundled().operation("getEvent")
    unknown = f"{ctx.prefix}no-such-event"
    result.cases += 1
    exchange = ctx.session.send(op.method, op.path_with(event_id=unknown))
    if exchange.status != 404:
        fail_once(
            result,
            "event lookup: 404 for an event id this project never issued",
            f"an unknown event id got {exchange.status}",
            f"GET {op.path} with {unknown!r}: expected 404, got {exchange.status}",
            exchange,
        )
    else:
        judge_error_answer(result, exchange, "an unknown event id")
    event_id = queued_event_id(ctx)
    if event_id is None:
        result.exercised = False
        result.note = "no queued add to look up"
        return
    followed = follow_event(ctx, event_id)
    result.cases += followed.polls
    if followed.events is None and followed.exchange is not None:
        fail_once(
            result,
            "event lookup: an issued event id resolves (openapi.yaml EventStatus)",
            f"a queued add's event id got {followed.exchange.status}",
            followed.problem,
            followed.exchange,
        )
