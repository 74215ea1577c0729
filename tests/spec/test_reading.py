"""What the suites read from openapi.yaml and from add answers, through mem0spec only.

The suites have no reader of their own (`contracts/spec.py` and `contracts/shapes.py` are gone):
these pin the facts of the contract and the readings of an answer the checks rely on.
"""

from __future__ import annotations

from typing import Any

import pytest

from mem0spec import AnswerEvent, bundled, events_of, queued_ids_of


def _is_valid_request(body: object) -> bool:
    return not bundled().schema_errors("AddMemoriesRequest", body)


def test_operations_are_read_from_the_contract() -> None:
    labels = [op.label for op in bundled().operations.values()]
    # Document order: the heart of the contract first.
    assert labels[:5] == [
        "POST /v1/memories/",
        "GET /v1/memories/",
        "DELETE /v1/memories/",
        "GET /v1/ping/",
        "GET /v1/event/{event_id}/",
    ]
    assert "POST /v3/memories/add/" in labels
    assert len(labels) == 20


def test_scope_fields_come_from_the_body_any_of() -> None:
    assert bundled().scope_fields() == ("user_id", "agent_id", "app_id", "run_id")


def test_defaults_and_enums_come_from_the_contract() -> None:
    assert bundled().default_of("output_format") == "v1.0"
    assert bundled().default_of("async_mode") is False
    assert bundled().enum_values("output_format") == ["v1.0", "v1.1"]


@pytest.mark.parametrize(
    ("output_format", "queued", "body", "ok"),
    [
        ("v1.0", False, [{"id": "a", "data": {"memory": "m"}, "event": "ADD"}], True),
        ("v1.1", False, {"results": [{"id": "a", "memory": "m", "event": "ADD"}]}, True),
        ("v1.0", True, [{"message": "q", "status": "PENDING", "event_id": "e"}], True),
        ("v1.1", True, {"results": [{"message": "q", "status": "PENDING", "event_id": "e"}]}, True),
        ("v1.0", False, {"results": []}, False),
        ("v1.1", False, [], False),
        ("v1.1", True, {"results": [{"id": "a", "memory": "m", "event": "ADD"}]}, False),
    ],
    ids=[
        "v10-sync",
        "v11-sync",
        "v10-queued",
        "v11-queued",
        "wrapped-v10",
        "bare-v11",
        "events-for-queued",
    ],
)
def test_response_shape_follows_the_titled_branch(
    output_format: str, queued: bool, body: object, ok: bool
) -> None:
    _, errors = bundled().response_shape_errors(output_format, queued, body)
    assert (errors == []) is ok


@pytest.mark.parametrize(
    ("method", "url", "operation_id"),
    [
        ("POST", "http://h/v1/memories/", "addMemories"),
        ("GET", "http://h/prefix/v1/ping/", "ping"),
        ("GET", "http://h/v1/event/abc-1/", "getEvent"),
    ],
    ids=["add", "ping-with-prefix", "event"],
)
def test_operation_for_matches_templated_paths(method: str, url: str, operation_id: str) -> None:
    found = bundled().operation_for(method, url)
    assert found is not None
    assert found.operation_id == operation_id


def test_operation_for_an_undeclared_method_is_none() -> None:
    assert bundled().operation_for("PATCH", "http://h/v1/memories/") is None


def test_impossible_dates_break_the_request_schema() -> None:
    body = {"messages": [{"role": "user", "content": "x"}], "user_id": "u"}
    assert _is_valid_request(body)
    assert not _is_valid_request({**body, "expiration_date": "2030-02-30"})


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        ({}, ("v1.0", False)),
        ({"output_format": None, "async_mode": None}, ("v1.0", False)),
        ({"output_format": "v1.1", "async_mode": True}, ("v1.1", True)),
    ],
    ids=["absent", "null", "explicit"],
)
def test_requested_shape_uses_the_contract_defaults(
    body: dict[str, Any], shape: tuple[str, bool]
) -> None:
    assert bundled().requested_shape(body) == shape


def test_events_are_read_from_both_item_forms() -> None:
    v10 = [{"id": "a", "data": {"memory": "Likes tea"}, "event": "ADD"}]
    v11 = {
        "results": [{"id": "a", "memory": "Likes tea", "event": "UPDATE", "previous_memory": "x"}]
    }
    assert events_of(v10) == [AnswerEvent("a", "ADD", "Likes tea")]
    assert events_of(v11) == [AnswerEvent("a", "UPDATE", "Likes tea", "x")]


def test_queue_items_give_their_event_ids() -> None:
    answer = {"results": [{"message": "q", "status": "PENDING", "event_id": "e1"}]}
    assert queued_ids_of(answer) == ["e1"]
    assert events_of(answer) == []
