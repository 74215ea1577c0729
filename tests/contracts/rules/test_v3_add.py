"""Rule 11 against small v3 servers written for it: one that adds a repeated turn again, one that
UPDATEs through v3. Each is otherwise correct: queued for `infer: true`, events followed."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contracts import Target, plan

KEY = "v3-key"


def _server(update_known: bool) -> Starlette:
    """Stores each user message as one memory; `update_known`: a text seen before in the scope
    is answered as an UPDATE of its memory, else it is ADDed again (a new id)."""
    events: dict[str, list[dict[str, Any]]] = {}
    stored: dict[tuple[Any, ...], dict[str, str]] = {}

    async def ping(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "org_id": "o", "project_id": "p", "user_email": "e"})

    async def add(request: Request) -> JSONResponse:
        body = await request.json()
        scope = stored.setdefault(tuple(body.get(k) for k in ("user_id", "agent_id", "run_id")), {})
        results = []
        for message in (m for m in body["messages"] if m["role"] != "system"):
            if message["role"] == "assistant" and body.get("infer", True):
                continue
            text = message["content"]
            if update_known and text in scope:
                results.append({"id": scope[text], "memory": text, "event": "UPDATE"})
            else:
                scope[text] = str(uuid.uuid4())
                results.append({"id": scope[text], "memory": text, "event": "ADD"})
        event_id = str(uuid.uuid4())
        events[event_id] = results
        if body.get("infer", True) is False:
            items = [
                {"id": r["id"], "data": {"memory": r["memory"]}, "event": r["event"]}
                for r in results
            ]
            return JSONResponse({"status": "SUCCEEDED", "event_id": event_id, "results": items})
        return JSONResponse({"message": "Queued.", "status": "PENDING", "event_id": event_id})

    async def event(request: Request) -> JSONResponse:
        event_id = request.path_params["event_id"]
        return JSONResponse({"id": event_id, "status": "SUCCEEDED", "results": events[event_id]})

    return Starlette(
        routes=[
            Route("/v1/ping/", ping),
            Route("/v3/memories/add/", add, methods=["POST"]),
            Route("/v1/event/{event_id}/", event),
        ]
    )


@pytest.mark.parametrize(
    "update_known, message",
    [
        (False, "an exact repeat was added again: "),
        (True, "the v3 add only ADDs: UPDATE of "),
    ],
    ids=["adds-repeats-again", "updates"],
)
def test_rule_11_catches_a_v3_add_that_is_not_add_only(update_known: bool, message: str) -> None:
    # The check alone: the server serves only the v3 add (no v1 add), so a whole run would stop
    # at its missing required operation.
    target = Target("http://testserver", KEY, profile="quick", app=_server(update_known))
    (check,) = [c for c in plan(target) if c.id == "rule-11-v3-add"]
    result = check.run()
    assert [f.rule for f in result.failures] == [11]
    assert result.failures[0].title.startswith(message), result.failures[0].render()
