"""Servers that answer in the wrong shape (rule 5), or get ping or the event endpoint wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mem0spec import items_of
from tests.contracts.broken.intercept import (
    ASGIApp,
    Intercept,
    Request,
    Response,
    envelope,
    json_response,
)


def v11_for_v10(request: Request, answer: Any) -> Any:
    if isinstance(answer, list):
        return {"results": [flatten(item) for item in answer]}
    return answer


def flatten(item: Any) -> Any:
    if isinstance(item, dict) and isinstance(item.get("data"), dict):
        return {"id": item["id"], "memory": item["data"].get("memory", ""), "event": item["event"]}
    return item


def v10_for_v11(request: Request, answer: Any) -> Any:
    return answer["results"] if isinstance(answer, dict) and "results" in answer else answer


def always_sync(body: dict[str, Any]) -> None:
    if body.get("async_mode") is True:
        body["async_mode"] = False


def queued_status_done(request: Request, answer: Any) -> Any:
    for item in items_of(answer):
        if isinstance(item, dict) and item.get("status") == "PENDING":
            item["status"] = "DONE"
    return answer


def ping_without(field: str) -> Callable[[ASGIApp, str], ASGIApp]:
    """A server whose ping answer leaves out `field`."""

    def build(app: ASGIApp, key: str) -> ASGIApp:
        def on_response(request: Request, response: Response) -> Response:
            body = response.json()
            if request.path.endswith("/v1/ping/") and isinstance(body, dict):
                body.pop(field, None)
                response.set_json(body)
            return response

        return Intercept(app, on_response=on_response)

    return build


ping_without_project = ping_without("project_id")


def event_500_for_unknown(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        if "/v1/event/" in request.path and response.status == 404:
            sentence = "The server failed to process the request."
            return json_response(500, envelope(500, "Internal Server Error", sentence))
        return response

    return Intercept(app, on_response=on_response)


def event_never_finishes(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        body = response.json()
        if "/v1/event/" in request.path and response.status == 200 and isinstance(body, dict):
            body["status"], body["results"] = "PENDING", []
            response.set_json(body)
        return response

    return Intercept(app, on_response=on_response)
