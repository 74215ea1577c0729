from __future__ import annotations

import pytest

from contracts import spec


def test_operations_are_read_from_the_contract() -> None:
    labels = [op.label for op in spec.operations()]
    assert labels == ["POST /v1/memories/", "GET /v1/ping/", "GET /v1/event/{event_id}/"]


def test_scope_fields_come_from_the_body_any_of() -> None:
    assert spec.scope_fields() == ("user_id", "agent_id", "app_id", "run_id")


def test_defaults_and_enums_come_from_the_contract() -> None:
    assert spec.default_of("output_format") == "v1.0"
    assert spec.default_of("async_mode") is False
    assert spec.enum_values("output_format") == ["v1.0", "v1.1"]


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
    _, errors = spec.response_shape_errors(output_format, queued, body)
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
    found = spec.operation_for(method, url)
    assert found is not None
    assert found.operation_id == operation_id


def test_operation_for_an_undeclared_method_is_none() -> None:
    assert spec.operation_for("DELETE", "http://h/v1/memories/") is None


def test_impossible_dates_break_the_request_schema() -> None:
    body = {"messages": [{"role": "user", "content": "x"}], "user_id": "u"}
    assert spec.is_valid_request(body)
    assert not spec.is_valid_request({**body, "expiration_date": "2030-02-30"})
