"""Servers that get validation, statuses, content types or rate limiting wrong."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from tests.contracts.broken.intercept import (
    ASGIApp,
    Intercept,
    Request,
    Response,
    envelope,
    json_response,
)
from tests.contracts.broken.kit import SCOPE_FIELDS


def fill_messages(body: dict[str, Any]) -> None:
    if not body.get("messages"):
        body["messages"] = [{"role": "user", "content": "Hello."}]


def any_role(body: dict[str, Any]) -> None:
    for message in body.get("messages") or []:
        if isinstance(message, dict) and message.get("role") not in ("user", "assistant", "system"):
            message["role"] = "user"


def default_scope(body: dict[str, Any]) -> None:
    if not any(isinstance(body.get(f), str) and body.get(f) for f in SCOPE_FIELDS):
        body["user_id"] = "default-user"


def lenient_date(body: dict[str, Any]) -> None:
    value = body.get("expiration_date")
    if isinstance(value, str):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            body["expiration_date"] = "2099-12-31"
        if len(value) != 10:
            body["expiration_date"] = "2099-12-31"


def json_any_content_type(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> None:
        if request.is_add:
            request.headers["content-type"] = "application/json"

    return Intercept(app, on_request=on_request)


def html_errors(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        if response.status >= 400:
            response.headers["content-type"] = "text/html; charset=utf-8"
            response.body = f"<html><body><h1>Error {response.status}</h1></body></html>".encode()
        return response

    return Intercept(app, on_response=on_response)


def envelope_without_detail(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        body = response.json()
        if response.status >= 400 and isinstance(body, dict):
            body.pop("detail", None)
            response.set_json(body)
        return response

    return Intercept(app, on_response=on_response)


def crash_on_non_ascii(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> Response | None:
        if request.is_add and any(byte > 127 for byte in request.body):
            sentence = "The server failed to process the request."
            return json_response(500, envelope(500, "Internal Server Error", sentence))
        return None

    return Intercept(app, on_request=on_request)


def crash_on_long_content(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> Response | None:
        if request.is_add and len(request.body) > 8_000:
            sentence = "The server failed to process the request."
            return json_response(500, envelope(500, "Internal Server Error", sentence))
        return None

    return Intercept(app, on_request=on_request)


def throttle_without_retry_after(app: ASGIApp, key: str) -> ASGIApp:
    adds = itertools.count(1)

    def on_request(request: Request) -> Response | None:
        if request.is_add and next(adds) in (3, 4):
            sentence = "Request was throttled."
            return json_response(
                429,
                envelope(429, "Too Many Requests", sentence),
                **{
                    "x-ratelimit-limit": "100",
                    "x-ratelimit-remaining": "0",
                    "x-ratelimit-reset": "1700000030",
                },
            )
        return None

    return Intercept(app, on_request=on_request)


def plain_text_success(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        if request.is_add and response.status == 200:
            response.headers["content-type"] = "text/plain"
        return response

    return Intercept(app, on_response=on_response)
