"""Following a queued add: the event's results once done, or why they stay unknown."""

from __future__ import annotations

import itertools
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contracts import RunContext, Target
from contracts.event_poller import follow_event
from mem0spec import AnswerEvent

DONE = {"id": "e1", "status": "SUCCEEDED", "results": [{"id": "m1", "memory": "x", "event": "ADD"}]}


def _server(*answers: Any) -> Starlette:
    """Answers GET /v1/event/{id}/ with `answers` in turn, the last one for ever."""
    turns = itertools.chain(answers, itertools.repeat(answers[-1]))
    polls: list[str] = []

    async def event(request: Request) -> JSONResponse:
        polls.append(request.path_params["event_id"])
        status, body = next(turns)
        return JSONResponse(body, status_code=status)

    app = Starlette(routes=[Route("/v1/event/{event_id}/", event)])
    app.state.polls = polls
    return app


def _context(app: Starlette, wait: float = 5.0) -> RunContext:
    return RunContext(Target("http://testserver", "k", app=app, event_wait=wait))


def test_a_pending_event_is_polled_until_it_succeeds() -> None:
    pending = (200, {"id": "e1", "status": "PENDING", "results": []})
    app = _server(pending, pending, (200, DONE))
    followed = follow_event(_context(app), "e1")
    assert followed.events == [AnswerEvent("m1", "ADD", "x")]
    assert (followed.status, followed.polls, followed.problem) == ("SUCCEEDED", 3, "")
    assert app.state.polls == ["e1", "e1", "e1"]


def test_an_event_in_another_shape_leaves_its_events_unknown() -> None:
    shaped = {"event_id": "e1", "status": "SUCCEEDED", "results": {"memories": []}}
    followed = follow_event(_context(_server((200, shaped))), "e1")
    assert followed.events is None
    assert followed.problem.startswith("event 'e1' is not an EventStatus: ")
    assert '"id" is a required property' in followed.problem
    assert 'is not of type "array"' in followed.problem


def test_a_lookup_that_fails_leaves_its_events_unknown() -> None:
    followed = follow_event(_context(_server((404, {"detail": "no"}))), "e1")
    assert (followed.events, followed.problem) == (None, "queued event 'e1' answered 404")


def test_an_event_that_never_finishes_is_given_up_and_later_ones_are_not_waited_for() -> None:
    ctx = _context(_server((200, {"id": "e1", "status": "RUNNING", "results": []})), wait=0.1)
    first = follow_event(ctx, "e1")
    assert first.events is None
    assert first.problem == "queued event 'e1' still RUNNING after 0.1 s"
    assert first.polls > 1
    assert ctx.events_stalled
    assert follow_event(ctx, "e2").polls == 1
