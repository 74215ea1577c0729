"""The one router: contract paths matched as the spec writes them, mounting, the crash guard,
hang-ups."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from mem0spec import bundled
from mockserver import Settings, create_app
from mockserver.http.messages import Reply
from mockserver.http.router import Router
from mockserver.state.mock_state import build_state
from tests.mockserver.helpers import AUTH, MESSAGES, add, call, response_schema

ERROR = response_schema("/v1/memories/", "post", 500)


@pytest.mark.parametrize(
    ("path", "served", "params"),
    [
        ("/v1/memories/", "/v1/memories/", {}),
        ("/v1/memories", "/v1/memories/", {}),
        ("/v1/event/abc/", "/v1/event/{event_id}/", {"event_id": "abc"}),
        ("/v1/event/abc", "/v1/event/{event_id}/", {"event_id": "abc"}),
        ("/v1/event/a.b-c%20d/", "/v1/event/{event_id}/", {"event_id": "a.b-c%20d"}),
        ("/v1/event/a/b/", None, None),
        ("/v1/event//", None, None),
        ("/v1/memories//", None, None),
        ("/v9/memories/", None, None),
        ("/_mock/journal", "/_mock/journal", {}),
        ("/_mock/journal/", None, None),
    ],
)
def test_paths_are_matched_as_the_spec_writes_them(
    path: str, served: str | None, params: dict[str, str] | None
) -> None:
    found = Router(build_state(Settings())).match(path)
    if served is None:
        assert found is None
    else:
        assert found is not None
        assert (found[0].path, dict(found[1])) == (served, params)


def test_the_inspection_pages_are_not_matched_when_turned_off() -> None:
    router = Router(build_state(Settings(inspection=False)))
    assert router.match("/_mock/journal") is None
    assert router.match("/v1/ping/") is not None


def test_the_mock_can_be_mounted_below_a_root_path() -> None:
    outer = Starlette(routes=[Mount("/mem0", app=create_app())])
    assert call(outer, "GET", "/mem0/v1/ping/", headers=AUTH).status_code == 200
    journal = call(outer, "GET", "/mem0/_mock/journal").json()["entries"]
    assert [entry["path"] for entry in journal] == ["/mem0/v1/ping/"]


def test_an_error_inside_an_operation_is_a_500_envelope_recorded_for_the_test() -> None:
    app = create_app()
    broken = RuntimeError("the add cannot reach its scope")

    async def boom(state: Any, request: Any, body: Any) -> Reply:
        raise broken

    app.override("addMemories", boom)
    response = add(app, {"messages": MESSAGES, "user_id": "alex"})
    assert response.status_code == 500
    assert ERROR.is_valid(response.json())
    assert "Traceback" not in response.text
    (error,) = app.errors
    assert error is broken


def test_a_client_that_hangs_up_mid_body_gets_no_answer_and_records_no_error() -> None:
    app = create_app()
    sent: list[Any] = []
    messages = iter([{"type": "http.request", "body": b"{", "more_body": True}])

    async def receive() -> dict[str, Any]:
        return next(messages, {"type": "http.disconnect"})

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": "/v1/memories/", "root_path": "",
        "query_string": b"", "headers": [
            (b"authorization", b"Token mock-key"), (b"content-type", b"application/json")
        ],
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))
    assert sent == []
    assert app.errors == []


@pytest.mark.parametrize(
    ("inspection", "ending"), [(True, " and /_mock/."), (False, ".")], ids=["on", "off"]
)
def test_a_404_names_the_mock_pages_only_when_they_are_served(
    inspection: bool, ending: str
) -> None:
    operations = ", ".join(op.label for op in bundled().operations.values())
    app = create_app(Settings(inspection=inspection))
    detail = call(app, "GET", "/nowhere").json()["detail"]
    assert detail == f"No such path: /nowhere. The mock serves {operations}{ending}"
