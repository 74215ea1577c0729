"""Servers that queue differently, read back wrong, or add through v3 wrong (rules 8-11, the
event object)."""

from __future__ import annotations

from typing import Any

from mem0spec import queued_ids_of
from tests.contracts.broken.intercept import ASGIApp, Intercept, Request, Response

LISTS = (("GET", "/v1/memories/"), ("POST", "/v2/memories/"), ("POST", "/v3/memories/"))


def _is_event(request: Request) -> bool:
    return request.method == "GET" and "/v1/event/" in request.path


def always_queue(app: ASGIApp, key: str) -> ASGIApp:
    """Every v1 add is queued and answered by one bare `{"event_id", "status": "PENDING"}`,
    whatever it asked for; the events then resolve correctly. Its memories are right: only the
    answer's shape (rule 5) is wrong."""

    def on_request(request: Request) -> None:
        body = request.json()
        # Only a valid async_mode is overridden: a wrong type must still be refused (rule 6).
        if request.is_add and isinstance(body, dict) and body.get("async_mode", False) is False:
            body["async_mode"] = True
            request.set_json(body)

    def on_response(request: Request, response: Response) -> Response:
        if request.is_add and response.status == 200:
            ids = queued_ids_of(response.json())
            if len(ids) == 1:
                response.set_json({"message": "Queued.", "status": "PENDING", "event_id": ids[0]})
        return response

    return Intercept(app, on_request=on_request, on_response=on_response)


def event_in_another_shape(app: ASGIApp, key: str) -> ASGIApp:
    """The event object says `event_id` instead of `id`, and `results` is an object."""

    def on_response(request: Request, response: Response) -> Response:
        body = response.json()
        if _is_event(request) and response.status == 200 and isinstance(body, dict):
            response.set_json(
                {
                    "event_id": body.get("id"),
                    "status": body.get("status"),
                    "results": {"memories": body.get("results")},
                }
            )
        return response

    return Intercept(app, on_response=on_response)


def merge_user_and_agent(body: dict[str, Any]) -> None:
    """A `user_id` + `agent_id` add is stored under the user alone."""
    if isinstance(body.get("user_id"), str) and isinstance(body.get("agent_id"), str):
        body.pop("agent_id")


def list_forgets_newest(app: ASGIApp, key: str) -> ASGIApp:
    """Every list leaves out its newest memory (the last, oldest first)."""

    def on_response(request: Request, response: Response) -> Response:
        body = response.json()
        listed = (request.method, request.path) in LISTS and response.status == 200
        if listed and isinstance(body, dict) and body.get("results"):
            body["results"] = body["results"][:-1]
            response.set_json(body)
        return response

    return Intercept(app, on_response=on_response)


def history_without_updates(app: ASGIApp, key: str) -> ASGIApp:
    """History leaves out the UPDATE rows."""

    def on_response(request: Request, response: Response) -> Response:
        body = response.json()
        if request.path.endswith("/history/") and isinstance(body, list):
            response.set_json([row for row in body if row.get("event") != "UPDATE"])
        return response

    return Intercept(app, on_response=on_response)


def v3_never_queues(app: ASGIApp, key: str) -> ASGIApp:
    """The v3 add stores every conversation at once, verbatim (as if `infer: false`)."""

    def on_request(request: Request) -> None:
        body = request.json()
        if request.path.endswith("/v3/memories/add/") and isinstance(body, dict):
            body["infer"] = False
            request.set_json(body)

    return Intercept(app, on_request=on_request)


def latest_only_ignored(app: ASGIApp, key: str) -> ASGIApp:
    """The v3 list ignores `latest_only: true`: superseded memories stay in it."""

    def on_request(request: Request) -> None:
        body = request.json()
        if (request.method, request.path) == LISTS[2] and isinstance(body, dict):
            body.pop("latest_only", None)
            request.set_json(body)

    return Intercept(app, on_request=on_request)
