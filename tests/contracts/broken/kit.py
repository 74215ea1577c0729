"""Building blocks for broken servers: rewrite add answers or bodies, refuse some adds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mem0spec import bundled
from tests.contracts.broken.intercept import (
    ASGIApp,
    Intercept,
    Request,
    Response,
    envelope,
    json_response,
)

SCOPE_FIELDS = bundled().scope_fields()


def on_add_answer(change: Callable[[Request, Any], Any]) -> Callable[[ASGIApp, str], ASGIApp]:
    """Rewrite the JSON of every 200 answer to an add."""

    def build(app: ASGIApp, key: str) -> ASGIApp:
        def on_response(request: Request, response: Response) -> Response:
            if request.is_add and response.status == 200:
                response.set_json(change(request, response.json()))
            return response

        return Intercept(app, on_response=on_response)

    return build


def remap_status(old: int, new: int) -> Callable[[ASGIApp, str], ASGIApp]:
    """Answer `new` wherever the correct server answers `old` (e.g. 403 for 401)."""

    def build(app: ASGIApp, key: str) -> ASGIApp:
        def on_response(request: Request, response: Response) -> Response:
            if response.status == old:
                response.status = new
            return response

        return Intercept(app, on_response=on_response)

    return build


def on_add_body(change: Callable[[dict[str, Any]], None]) -> Callable[[ASGIApp, str], ASGIApp]:
    """Rewrite the JSON body of every add before the correct server sees it."""

    def build(app: ASGIApp, key: str) -> ASGIApp:
        def on_request(request: Request) -> None:
            body = request.json()
            if request.is_add and isinstance(body, dict):
                change(body)
                request.set_json(body)

        return Intercept(app, on_request=on_request)

    return build


def refuse_add_when(
    test: Callable[[Any], bool], status: int = 400
) -> Callable[[ASGIApp, str], ASGIApp]:
    def build(app: ASGIApp, key: str) -> ASGIApp:
        def on_request(request: Request) -> Response | None:
            body = request.json()
            authorized = request.headers.get("authorization") == f"Token {key}"
            if request.is_add and authorized and isinstance(body, dict) and test(body):
                phrase = {400: "Bad Request", 500: "Internal Server Error"}[status]
                return json_response(status, envelope(status, phrase, "Refused."))
            return None

        return Intercept(app, on_request=on_request)

    return build
