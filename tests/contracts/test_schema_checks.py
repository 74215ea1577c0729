from __future__ import annotations

import contextlib
import copy
import itertools
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis

from contracts import RunContext, Target, run
from contracts.schema_checks import confine_to_run, name_a_scope, without_dumps
from mem0spec import bundled


def test_generated_ids_are_confined_to_the_run() -> None:
    ctx = RunContext(Target("http://127.0.0.1:1", "k", run_id="abc"))
    ctx.ping = {"org_id": "org_mine", "project_id": "proj_mine"}
    operation = schemathesis.openapi.from_dict(
        copy.deepcopy(bundled().document)
    ).find_operation_by_id("addMemories")
    original = {
        "messages": [{"role": "user", "content": "x"}],
        "user_id": "alex",
        "agent_id": "",
        "run_id": 7,
        "org_id": "org_someone_else",
        "project_id": None,
    }
    case = operation.Case(body=original)
    confine_to_run(case, ctx)
    assert case.body == {
        "messages": [{"role": "user", "content": "x"}],
        "user_id": "mck-abc-fz-alex",
        "agent_id": "",
        "run_id": 7,
        "org_id": "org_mine",
        "project_id": None,
    }
    assert original["user_id"] == "alex"


def _operation_of(path: str, method: str, parameters: list[dict[str, Any]]) -> Any:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            path: {
                method: {
                    "operationId": "op",
                    "parameters": parameters,
                    "requestBody": {
                        "content": {"application/json": {"schema": {"type": "object"}}}
                    },
                    "responses": {"200": {"description": ""}},
                }
            }
        },
    }
    return schemathesis.openapi.from_dict(document).find_operation_by_id("op")


def _parameter(name: str, where: str) -> dict[str, Any]:
    return {"name": name, "in": where, "required": where == "path", "schema": {"type": "string"}}


def test_scope_ids_are_confined_in_the_query_the_path_and_nested_filters() -> None:
    ctx = RunContext(Target("http://127.0.0.1:1", "k", run_id="abc"))
    ctx.ping = {"org_id": "org_mine", "project_id": "proj_mine"}
    parameters = [
        _parameter("entity_type", "path"),
        _parameter("entity_id", "path"),
        _parameter("user_id", "query"),
        _parameter("agent_id", "query"),
        _parameter("page", "query"),
    ]
    operation = _operation_of("/v2/entities/{entity_type}/{entity_id}/", "delete", parameters)
    filters = {"AND": [{"user_id": "alex"}, {"run_id": {"in": ["r1", "*"]}}, {"page": "2"}]}
    original_body = {"query": "alex", "filters": filters, "metadata": {"note": "alex"}}
    case = operation.Case(
        path_parameters={"entity_type": "user", "entity_id": "alex"},
        query={"user_id": "*", "agent_id": ["a1", ""], "page": "2"},
        body=original_body,
    )
    confine_to_run(case, ctx)
    assert case.path_parameters == {"entity_type": "user", "entity_id": "mck-abc-fz-alex"}
    assert case.query == {"user_id": "mck-abc-fz-*", "agent_id": ["mck-abc-fz-a1", ""], "page": "2"}
    assert case.body == {
        "query": "alex",
        "filters": {
            "AND": [
                {"user_id": "mck-abc-fz-alex"},
                {"run_id": {"in": ["mck-abc-fz-r1", "mck-abc-fz-*"]}},
                {"page": "2"},
            ]
        },
        "metadata": {"note": "alex"},
    }
    assert original_body["filters"] is filters
    assert filters["AND"][0] == {"user_id": "alex"}
    assert case.formatted_path == "/v2/entities/user/mck-abc-fz-alex/"


def test_a_positive_case_naming_no_scope_gets_one_of_the_runs_for_x_at_least_one_of() -> None:
    ctx = RunContext(Target("http://127.0.0.1:1", "k", run_id="abc"))
    names = bundled().at_least_one_query("deleteMemories")
    assert names[:1] == ("user_id",)
    operation = schemathesis.openapi.from_dict(
        copy.deepcopy(bundled().document)
    ).find_operation_by_id("deleteMemories")
    bare = operation.Case(query={})
    name_a_scope(bare, "deleteMemories", ctx)
    assert bare.query == {"user_id": "mck-abc-fz-any"}
    named = operation.Case(query={"agent_id": "mck-abc-fz-a"})
    name_a_scope(named, "deleteMemories", ctx)
    assert named.query == {"agent_id": "mck-abc-fz-a"}
    add = operation.Case(query={})
    name_a_scope(add, "addMemories", ctx)  # no x-at-least-one-of: left as it is
    assert add.query == {}


def test_a_schemathesis_finding_shows_its_headline_once_and_no_schema_dump() -> None:
    # Errors without `detail`: Schemathesis' response_schema_conformance, whose message carries
    # the whole Error schema after "Schema:".
    from mockserver import DEFAULT_API_KEY, Settings, create_app
    from tests.contracts.broken.table import verify_in_process
    from tests.contracts.broken.validation import envelope_without_detail

    app = envelope_without_detail(create_app(Settings(seed=0)), DEFAULT_API_KEY)
    report = verify_in_process(
        app, DEFAULT_API_KEY, profile="quick", select=("schema:POST /v1/memories/",)
    )
    failures = [f for f in report.failures if f.clause == "schema: response_schema_conformance"]
    assert failures, report.render()
    for failure in failures:
        block = failure.render()
        assert block.count(failure.title) == 1, block
        assert "Schema:" not in block
        assert failure.message.endswith("case)")


def test_without_dumps_keeps_the_error_and_the_value() -> None:
    text = (
        '\'detail\' is a required property\n\nSchema:\n\n    {\n  "type": "object"\n}\n\n'
        'Value:\n\n    {"error": "400"}'
    )
    assert without_dumps(text) == '\'detail\' is a required property Value: {"error": "400"}'


_PING = b'{"status": "ok", "org_id": "org_1", "project_id": "proj_1"}'


@contextmanager
def _answering_ping_only() -> Iterator[str]:
    """A server that answers ping with ping and any other request of verify's own client with
    `{}`; of Schemathesis' requests it answers the first and closes every later one unanswered.

    So the first example fails in a check's own probe, the second in its call: two failures at
    two places, which Hypothesis raises as one ExceptionGroup."""
    schemathesis_requests = itertools.chain([False], itertools.repeat(True))
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def answer(connection: socket.socket) -> None:
        with connection:
            head = b""
            while b"\r\n\r\n" not in head and (chunk := connection.recv(65536)):
                head += chunk
            if b"x-schemathesis-testcaseid" in head.lower() and next(schemathesis_requests):
                return
            body = _PING if head.split(b" ", 2)[1:2] == [b"/v1/ping/"] else b"{}"
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            )

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = listener.accept()
                threading.Thread(target=answer, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        listener.close()


def test_a_server_gone_during_the_examples_is_one_sentence_naming_the_cause() -> None:
    with _answering_ping_only() as url:
        report = run(Target(url, "k", seed=1), only=("schema:POST /v3/memories/add/",))
    [result] = report.results
    assert result.error is not None
    assert re.fullmatch(
        r"the server stopped answering during schema:POST /v3/memories/add/, \d+\.\d s into the "
        r"run \(ConnectionError: RemoteDisconnected: "
        r"Remote end closed connection without response\)",
        result.error,
    )
