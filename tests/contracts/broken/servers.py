"""The library of deliberately broken servers: each breaks exactly one clause of the contract.

Each entry wraps a correct server (the mock, or the reference) in an `Intercept` that changes one
behaviour. `expect` names what `mem0-kit verify` must report: `"rule N"` for a behavioural rule, or
the start of a clause (`"schema: content_type_conformance"`, `"ping"`, `"event lookup"`).
"""

from __future__ import annotations

import datetime
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.contracts.broken.intercept import (
    ASGIApp,
    Intercept,
    Request,
    Response,
    envelope,
    json_response,
)

SCOPE_FIELDS = ("user_id", "agent_id", "app_id", "run_id")


@dataclass(frozen=True)
class Broken:
    name: str
    breaks: str  # the clause, in words
    expect: str
    build: Callable[[ASGIApp, str], ASGIApp]  # (correct app, its valid key) -> broken app


def _items(answer: Any) -> list[Any]:
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict) and isinstance(answer.get("results"), list):
        return list(answer["results"])
    return []


def _on_add_answer(change: Callable[[Request, Any], Any]) -> Callable[[ASGIApp, str], ASGIApp]:
    """Rewrite the JSON of every 200 answer to an add."""

    def build(app: ASGIApp, key: str) -> ASGIApp:
        def on_response(request: Request, response: Response) -> Response:
            if request.is_add and response.status == 200:
                response.set_json(change(request, response.json()))
            return response

        return Intercept(app, on_response=on_response)

    return build


def _on_add_body(change: Callable[[dict[str, Any]], None]) -> Callable[[ASGIApp, str], ASGIApp]:
    """Rewrite the JSON body of every add before the correct server sees it."""

    def build(app: ASGIApp, key: str) -> ASGIApp:
        def on_request(request: Request) -> None:
            body = request.json()
            if request.is_add and isinstance(body, dict):
                change(body)
                request.set_json(body)

        return Intercept(app, on_request=on_request)

    return build


def _refuse_add_when(
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


# --- auth -------------------------------------------------------------------------------------


def _accept_any_token(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> None:
        if request.headers.get("authorization", "").startswith("Token "):
            request.headers["authorization"] = f"Token {key}"

    return Intercept(app, on_request=on_request)


def _ping_without_auth(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> None:
        if request.path.endswith("/v1/ping/") and "authorization" not in request.headers:
            request.headers["authorization"] = f"Token {key}"

    return Intercept(app, on_request=on_request)


def _accept_bearer(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> None:
        value = request.headers.get("authorization", "")
        if value.startswith("Bearer "):
            request.headers["authorization"] = "Token " + value.removeprefix("Bearer ")

    return Intercept(app, on_request=on_request)


def _no_www_authenticate(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        response.headers.pop("www-authenticate", None)
        return response

    return Intercept(app, on_response=on_response)


def _forbidden_not_unauthorized(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        if response.status == 401:
            response.status = 403
        return response

    return Intercept(app, on_response=on_response)


def _body_before_auth(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> Response | None:
        body = request.json()
        if request.is_add and isinstance(body, dict) and body.get("messages") == []:
            return json_response(400, envelope(400, "Bad Request", "messages: too short."))
        return None

    return Intercept(app, on_request=on_request)


# --- validation and statuses ------------------------------------------------------------------


def _fill_messages(body: dict[str, Any]) -> None:
    if not body.get("messages"):
        body["messages"] = [{"role": "user", "content": "Hello."}]


def _any_role(body: dict[str, Any]) -> None:
    for message in body.get("messages") or []:
        if isinstance(message, dict) and message.get("role") not in ("user", "assistant", "system"):
            message["role"] = "user"


def _default_scope(body: dict[str, Any]) -> None:
    if not any(isinstance(body.get(f), str) and body.get(f) for f in SCOPE_FIELDS):
        body["user_id"] = "default-user"


def _lenient_date(body: dict[str, Any]) -> None:
    value = body.get("expiration_date")
    if isinstance(value, str):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            body["expiration_date"] = "2099-12-31"
        if len(value) != 10:
            body["expiration_date"] = "2099-12-31"


def _json_any_content_type(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> None:
        if request.is_add:
            request.headers["content-type"] = "application/json"

    return Intercept(app, on_request=on_request)


def _status_422(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        if response.status == 400:
            response.status = 422
        return response

    return Intercept(app, on_response=on_response)


def _html_errors(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        if response.status >= 400:
            response.headers["content-type"] = "text/html; charset=utf-8"
            response.body = f"<html><body><h1>Error {response.status}</h1></body></html>".encode()
        return response

    return Intercept(app, on_response=on_response)


def _envelope_without_detail(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        body = response.json()
        if response.status >= 400 and isinstance(body, dict):
            body.pop("detail", None)
            response.set_json(body)
        return response

    return Intercept(app, on_response=on_response)


def _crash_on_non_ascii(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> Response | None:
        if request.is_add and any(byte > 127 for byte in request.body):
            sentence = "The server failed to process the request."
            return json_response(500, envelope(500, "Internal Server Error", sentence))
        return None

    return Intercept(app, on_request=on_request)


def _crash_on_long_content(app: ASGIApp, key: str) -> ASGIApp:
    def on_request(request: Request) -> Response | None:
        if request.is_add and len(request.body) > 8_000:
            sentence = "The server failed to process the request."
            return json_response(500, envelope(500, "Internal Server Error", sentence))
        return None

    return Intercept(app, on_request=on_request)


def _throttle_without_retry_after(app: ASGIApp, key: str) -> ASGIApp:
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


def _plain_text_success(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        if request.is_add and response.status == 200:
            response.headers["content-type"] = "text/plain"
        return response

    return Intercept(app, on_response=on_response)


# --- shapes (rule 5), ping and the event endpoint ---------------------------------------------


def _v11_for_v10(request: Request, answer: Any) -> Any:
    if isinstance(answer, list):
        return {"results": [_flatten(item) for item in answer]}
    return answer


def _flatten(item: Any) -> Any:
    if isinstance(item, dict) and isinstance(item.get("data"), dict):
        return {"id": item["id"], "memory": item["data"].get("memory", ""), "event": item["event"]}
    return item


def _v10_for_v11(request: Request, answer: Any) -> Any:
    return answer["results"] if isinstance(answer, dict) and "results" in answer else answer


def _always_sync(body: dict[str, Any]) -> None:
    if body.get("async_mode") is True:
        body["async_mode"] = False


def _queued_status_done(request: Request, answer: Any) -> Any:
    for item in _items(answer):
        if isinstance(item, dict) and item.get("status") == "PENDING":
            item["status"] = "DONE"
    return answer


def _ping_without_project(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        body = response.json()
        if request.path.endswith("/v1/ping/") and isinstance(body, dict):
            body.pop("project_id", None)
            response.set_json(body)
        return response

    return Intercept(app, on_response=on_response)


def _event_500_for_unknown(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        if "/v1/event/" in request.path and response.status == 404:
            sentence = "The server failed to process the request."
            return json_response(500, envelope(500, "Internal Server Error", sentence))
        return response

    return Intercept(app, on_response=on_response)


def _event_never_finishes(app: ASGIApp, key: str) -> ASGIApp:
    def on_response(request: Request, response: Response) -> Response:
        body = response.json()
        if "/v1/event/" in request.path and response.status == 200 and isinstance(body, dict):
            body["status"], body["results"] = "PENDING", []
            response.set_json(body)
        return response

    return Intercept(app, on_response=on_response)


# --- rules 1-4 ----------------------------------------------------------------------------------


def _duplicate_id_in_answer(request: Request, answer: Any) -> Any:
    items = [item for item in _items(answer) if isinstance(item, dict) and "id" in item]
    if len(items) >= 2:
        items[1]["id"] = items[0]["id"]
    return answer


def _reuse_first_id(app: ASGIApp, key: str) -> ASGIApp:
    first: dict[str, str] = {}

    def change(request: Request, answer: Any) -> Any:
        body = request.json() or {}
        scope = repr([body.get(f) for f in SCOPE_FIELDS])
        for item in _items(answer):
            if isinstance(item, dict) and item.get("event") == "ADD":
                if scope in first:
                    item["id"] = first[scope]
                else:
                    first[scope] = item["id"]
        return answer

    return _on_add_answer(change)(app, key)


def _scope_is_user_only(body: dict[str, Any]) -> None:
    if isinstance(body.get("user_id"), str) and body["user_id"]:
        for name in ("agent_id", "app_id", "run_id"):
            if isinstance(body.get(name), str):
                body.pop(name)


def _update_unknown_id(request: Request, answer: Any) -> Any:
    for item in _items(answer):
        if isinstance(item, dict) and item.get("event") in ("UPDATE", "DELETE"):
            item["id"] = str(uuid.uuid4())
    return answer


def _ignore_immutable(body: dict[str, Any]) -> None:
    if body.get("immutable") is True:
        body.pop("immutable")


def _paraphrase_verbatim(request: Request, answer: Any) -> Any:
    body = request.json() or {}
    if body.get("infer") is False:
        for item in _items(answer):
            if isinstance(item, dict) and isinstance(item.get("data"), dict):
                item["data"]["memory"] = "User said: " + item["data"]["memory"]
            elif isinstance(item, dict) and "memory" in item:
                item["memory"] = "User said: " + item["memory"]
    return answer


def _store_system_messages(body: dict[str, Any]) -> None:
    if body.get("infer") is False:
        for message in body.get("messages") or []:
            if isinstance(message, dict) and message.get("role") == "system":
                message["role"] = "user"


def _infer_anyway(body: dict[str, Any]) -> None:
    if body.get("infer") is False:
        body.pop("infer")


BROKEN: tuple[Broken, ...] = (
    Broken("accepts-unknown-key", "any 'Token <x>' is accepted", "rule 7", _accept_any_token),
    Broken("ping-without-key", "GET /v1/ping/ works with no key", "rule 7", _ping_without_auth),
    Broken("accepts-bearer", "'Bearer <key>' is accepted", "rule 7", _accept_bearer),
    Broken("403-not-401", "a bad key gets 403", "rule 7", _forbidden_not_unauthorized),
    Broken(
        "body-before-auth", "an invalid body is judged before the key", "rule 7", _body_before_auth
    ),
    Broken(
        "no-www-authenticate",
        "401 without WWW-Authenticate",
        "schema: response_headers_conformance",
        _no_www_authenticate,
    ),
    Broken(
        "accepts-no-messages", "no/empty messages accepted", "rule 6", _on_add_body(_fill_messages)
    ),
    Broken(
        "accepts-any-role", "a role outside the enum accepted", "rule 6", _on_add_body(_any_role)
    ),
    Broken(
        "accepts-no-scope",
        "a body without scope ids accepted",
        "rule 6",
        _on_add_body(_default_scope),
    ),
    Broken("accepts-bad-date", "2030-02-30 accepted", "rule 6", _on_add_body(_lenient_date)),
    Broken("accepts-text-plain", "a text/plain body accepted", "rule 6", _json_any_content_type),
    Broken(
        "refuses-null-metadata",
        "metadata: null refused",
        "rule 6",
        _refuse_add_when(lambda b: "metadata" in b and b["metadata"] is None),
    ),
    Broken(
        "refuses-category-list",
        "custom_categories as a list refused",
        "rule 6",
        _refuse_add_when(lambda b: isinstance(b.get("custom_categories"), list)),
    ),
    Broken(
        "refuses-expiration-date",
        "a real expiration_date refused",
        "rule 6",
        _refuse_add_when(lambda b: isinstance(b.get("expiration_date"), str)),
    ),
    Broken(
        "422-not-400", "validation errors get 422", "schema: status_code_conformance", _status_422
    ),
    Broken("html-errors", "errors as text/html", "schema: content_type_conformance", _html_errors),
    Broken(
        "envelope-without-detail",
        "errors lack detail",
        "schema: response_schema_conformance",
        _envelope_without_detail,
    ),
    Broken("crash-non-ascii", "500 on non-ASCII content", "rule 6", _crash_on_non_ascii),
    Broken("crash-long-content", "500 on content over 8 kB", "rule 6", _crash_on_long_content),
    Broken(
        "429-without-retry-after",
        "429 without Retry-After",
        "schema: response_headers_conformance (429)",
        _throttle_without_retry_after,
    ),
    Broken(
        "text-plain-success",
        "200 answers labelled text/plain",
        "schema: content_type_conformance",
        _plain_text_success,
    ),
    Broken("v11-for-v10", "v1.1 shape for v1.0", "rule 5", _on_add_answer(_v11_for_v10)),
    Broken("v10-for-v11", "v1.0 shape for v1.1", "rule 5", _on_add_answer(_v10_for_v11)),
    Broken("sync-for-async", "async_mode ignored", "rule 5", _on_add_body(_always_sync)),
    Broken(
        "queued-not-pending", "queue items say DONE", "rule 5", _on_add_answer(_queued_status_done)
    ),
    Broken("event-never-finishes", "queued adds stay PENDING", "rule 5", _event_never_finishes),
    Broken("ping-without-project-id", "ping lacks project_id", "ping", _ping_without_project),
    Broken(
        "event-500-unknown", "unknown event id gets 500", "event lookup", _event_500_for_unknown
    ),
    Broken(
        "duplicate-id", "two events share an id", "rule 1", _on_add_answer(_duplicate_id_in_answer)
    ),
    Broken("reused-add-id", "ADD reuses the scope's first id", "rule 1", _reuse_first_id),
    Broken(
        "scope-ignores-agent",
        "scopes keyed by user_id only",
        "rule 2",
        _on_add_body(_scope_is_user_only),
    ),
    Broken(
        "update-unknown-id",
        "UPDATE/DELETE of unknown ids",
        "rule 2",
        _on_add_answer(_update_unknown_id),
    ),
    Broken(
        "ignores-immutable",
        "immutable memories get updated",
        "rule 3",
        _on_add_body(_ignore_immutable),
    ),
    Broken(
        "paraphrases-verbatim",
        "infer: false paraphrased",
        "rule 4",
        _on_add_answer(_paraphrase_verbatim),
    ),
    Broken(
        "stores-system-messages",
        "infer: false stores system messages",
        "rule 4",
        _on_add_body(_store_system_messages),
    ),
    Broken("infers-anyway", "infer: false ignored", "rule 4", _on_add_body(_infer_anyway)),
)
