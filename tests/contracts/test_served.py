"""Telling an operation a server does not serve from one that answers a made-up id with 404."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import schemathesis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from contracts import CheckResult, RunContext, Target
from contracts.schema_checks import served
from contracts.served import NO_SUCH_PATH, unserved
from mem0spec.operations import read_operations
from tests.contracts import reference

KEY = "k"
MEMORY = "/v1/memories/3e4f5a6b-7c8d-5e9f-a0b1-c2d3e4f5a6b7/"


def envelope(status: int, sentence: str) -> JSONResponse:
    phrase = {404: "Not Found", 400: "Bad Request"}.get(status, "Error")
    body = {"error": f"{status} {phrase}", "detail": sentence, "details": {"message": sentence}}
    return JSONResponse(body, status_code=status)


def context(app: Starlette) -> RunContext:
    return RunContext(Target("http://testserver", KEY, app=app))


def app_with(
    routes: list[Route], not_found: Any = None, method_not_allowed: Any = None
) -> Starlette:
    handlers: dict[Any, Any] = {}
    if not_found is not None:
        handlers[404] = not_found
    if method_not_allowed is not None:
        handlers[405] = method_not_allowed
    return Starlette(routes=routes, exception_handlers=handlers)


async def ping(request: Request) -> Response:
    return JSONResponse({"status": "ok", "org_id": "o", "project_id": "p", "user_email": "e"})


async def no_memory(request: Request) -> Response:
    return envelope(404, f"No memory with id {request.path_params['memory_id']!r}.")


async def echoing_router_404(request: Request, exc: Exception) -> Response:
    # Like the mock: every unknown path gets the envelope, naming the path.
    return envelope(404, f"No such path: {request.url.path}.")


async def generic_router_404(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": "Not Found"}, status_code=404)


def get_memory(handler: Any = no_memory) -> Route:
    return Route("/v1/memories/{memory_id}/", handler, methods=["GET"])


def test_a_plain_router_404_is_not_served() -> None:
    found = unserved(context(reference.create_app()), "GET", MEMORY)
    assert found is not None
    assert found.status == 404
    assert found.reason == f"the same 404 as GET {NO_SUCH_PATH}{MEMORY}"


def test_the_router_404_in_the_envelope_naming_the_path_is_not_served() -> None:
    app = app_with([Route("/v1/ping/", ping)], not_found=echoing_router_404)
    found = unserved(context(app), "GET", MEMORY)
    assert found is not None
    assert found.status == 404


def test_the_operations_own_404_for_a_made_up_id_is_served() -> None:
    app = app_with([get_memory()], not_found=echoing_router_404)
    assert unserved(context(app), "GET", MEMORY) is None
    assert unserved(context(app_with([get_memory()])), "GET", MEMORY) is None


def test_a_404_outside_the_envelope_that_differs_from_the_routers_is_served() -> None:
    # Served, with a 404 the contract does not allow: the schema layer will say so.
    async def fastapi_style(request: Request) -> Response:
        return JSONResponse({"detail": "Memory not found"}, status_code=404)

    app = app_with([get_memory(fastapi_style)], not_found=generic_router_404)
    assert unserved(context(app), "GET", MEMORY) is None


@pytest.mark.parametrize("status", [405, 501])
def test_405_and_501_are_not_served(status: int) -> None:
    async def refuse(request: Request) -> Response:
        return PlainTextResponse("no", status_code=status)

    app = app_with([Route("/v1/memories/", refuse, methods=["DELETE"])])
    found = unserved(context(app), "DELETE", "/v1/memories/?user_id=u")
    assert found is not None
    assert found.status == status
    plain_405 = unserved(context(reference.create_app()), "DELETE", "/v1/memories/")
    assert plain_405 is not None
    assert plain_405.reason.startswith("405 Method Not Allowed")


@pytest.mark.parametrize("status", [200, 400, 401, 500])
def test_any_other_answer_is_the_operation_answering(status: int) -> None:
    async def answer(request: Request) -> Response:
        return envelope(status, "x") if status >= 400 else JSONResponse([])

    app = app_with([Route("/v1/memories/search/", answer, methods=["POST"])])
    assert unserved(context(app), "POST", "/v1/memories/search/", {"query": "q"}) is None


def test_without_a_router_404_to_compare_a_404_outside_the_envelope_is_not_served() -> None:
    async def everything(request: Request) -> Response:
        if request.url.path.startswith(NO_SUCH_PATH):
            return PlainTextResponse("<html>welcome</html>")  # a catch-all page
        return PlainTextResponse("nothing here", status_code=404)

    app = Starlette(routes=[Route("/{path:path}", everything)])
    assert unserved(context(app), "GET", MEMORY) is not None
    envelope_app = app_with(
        [get_memory(), Route(NO_SUCH_PATH + "/{path:path}", ping)], not_found=echoing_router_404
    )
    assert unserved(context(envelope_app), "GET", MEMORY) is None


# The check's side, with a document of our own: one operation the reference serves (required),
# two it does not serve marked required (one of them with an id in its path and a 404 of its
# own), and one it does not serve left optional.
DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/v1/event/{event_id}/": {
            "get": {
                "operationId": "getEvent",
                "x-conformance": "required",
                "parameters": [
                    {
                        "name": "event_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1},
                        "example": "e-1",
                    }
                ],
                "responses": {"200": {"description": ""}, "404": {"description": ""}},
            }
        },
        "/v1/memories/search/": {
            "post": {
                "operationId": "searchMemoriesV1",
                "x-conformance": "required",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "required": ["query"]},
                            "example": {"query": "where", "user_id": "alex"},
                        }
                    },
                },
                "responses": {"200": {"description": ""}},
            }
        },
        "/v1/memories/{memory_id}/": {
            "get": {
                "operationId": "getMemory",
                "x-conformance": "required",
                "parameters": [
                    {
                        "name": "memory_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "responses": {"200": {"description": ""}, "404": {"description": ""}},
            }
        },
        "/v2/entities/{entity_type}/{entity_id}/": {
            "delete": {
                "operationId": "deleteEntity",
                "parameters": [
                    {
                        "name": name,
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1},
                    }
                    for name in ("entity_type", "entity_id")
                ],
                "responses": {"200": {"description": ""}, "404": {"description": ""}},
            }
        },
    },
}


def judged(operation_id: str) -> tuple[bool, CheckResult]:
    ctx = RunContext(Target("http://testserver", reference.KEY, app=reference.create_app()))
    schema = schemathesis.openapi.from_dict(copy.deepcopy(DOCUMENT))
    result = CheckResult(f"schema:{operation_id}")
    operation = read_operations(DOCUMENT)[operation_id]
    answer = served(schema.find_operation_by_id(operation_id), operation, ctx, result)
    return answer, result


def test_a_served_operation_goes_on_to_be_fuzzed() -> None:
    answer, result = judged("getEvent")
    assert answer is True
    assert (result.exercised, result.failures, result.cases) == (True, [], 1)


def test_an_optional_operation_not_served_is_not_exercised_with_the_status() -> None:
    answer, result = judged("deleteEntity")
    assert answer is False
    assert result.failures == []
    assert result.status == "not exercised"
    assert result.unserved_status == 404
    assert result.note == (
        "DELETE /v2/entities/{entity_type}/{entity_id}/ is not served by this server "
        "(answered 404); it is optional"
    )


def test_a_required_operation_not_served_fails_once_saying_it_is_missing() -> None:
    answer, result = judged("searchMemoriesV1")
    assert answer is False
    assert result.status == "fail"
    (failure,) = result.failures
    assert failure.clause == "required operation"
    assert failure.title == "POST /v1/memories/search/ is missing: a valid request got 404"
    assert "x-conformance: required" in failure.message
    # The probe's scope id was confined to the run before it was sent.
    assert "mck-" in failure.curl
    assert '"alex"' not in failure.curl


def test_a_required_operation_whose_own_404_reads_like_the_routers_is_judged_served() -> None:
    # A made-up memory id may rightly get 404; with nothing to tell it from the router's 404, a
    # required operation is not failed as missing on that alone (its checks judge what it says).
    answer, result = judged("getMemory")
    assert answer is True
    assert (result.exercised, result.failures) == (True, [])
