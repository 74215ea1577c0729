"""The envelope: status lines from the contract's examples, one JSON encoding."""

from __future__ import annotations

import json

import pytest

from mockserver.errors import FieldError, error_body, error_response, json_bytes, status_line


@pytest.mark.parametrize(
    ("status", "line"),
    [(400, "400 Bad Request"), (413, "413 Payload Too Large"), (405, "405 Method Not Allowed"),
     (599, "599 Error")],
    ids=["from-spec", "spec-wording", "http-phrase", "unknown"],
)  # fmt: skip
def test_status_lines(status: int, line: str) -> None:
    assert status_line(status) == line


def test_the_envelope_repeats_the_detail_and_lists_errors_only_when_given() -> None:
    assert error_body(401, "Invalid API key.") == {
        "error": "401 Unauthorized",
        "detail": "Invalid API key.",
        "details": {"message": "Invalid API key."},
    }
    body = error_body(400, "x: bad.", [FieldError("x", "bad")])
    assert body["details"]["errors"] == [{"field": "x", "message": "bad"}]


def test_a_response_keeps_the_value_it_encodes() -> None:
    response = error_response(503, "Down.", headers={"Retry-After": "1"})
    assert json.loads(response.body) == response.value
    assert response.headers["retry-after"] == "1"
    assert response.media_type == "application/json"


def test_json_is_compact_utf8_in_build_order_and_escapes_lone_surrogates() -> None:
    assert json_bytes({"b": 1, "a": "é"}) == '{"b":1,"a":"é"}'.encode()
    assert json_bytes({"a": "\udc80"}) == b'{"a":"\\udc80"}'
