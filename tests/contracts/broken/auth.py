"""Servers that get authentication wrong (rule 7 and the 401 answer)."""

from __future__ import annotations

from tests.contracts.broken.intercept import (
    ASGIApp,
    Intercept,
    Request,
    Response,
    envelope,
    json_response,
)


def accept_any_token(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> None:
        if request.headers.get("authorization", "").startswith("Token "):
            request.headers["authorization"] = f"Token {key}"

    return Intercept(app, on_request=on_request)


def ping_without_auth(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> None:
        if request.path.endswith("/v1/ping/") and "authorization" not in request.headers:
            request.headers["authorization"] = f"Token {key}"

    return Intercept(app, on_request=on_request)


def accept_bearer(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> None:
        value = request.headers.get("authorization", "")
        if value.startswith("Bearer "):
            request.headers["authorization"] = "Token " + value.removeprefix("Bearer ")

    return Intercept(app, on_request=on_request)


def no_www_authenticate(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        response.headers.pop("www-authenticate", None)
        return response

    return Intercept(app, on_response=on_response)


def body_before_auth(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> Response | None:
        body = request.json()
        if request.is_add and isinstance(body, dict) and body.get("messages") == []:
            return json_response(400, envelope(400, "Bad Request", "messages: too short."))
        return None

    return Intercept(app, on_request=on_request)
