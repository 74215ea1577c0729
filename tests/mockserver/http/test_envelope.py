"""The envelope: status lines from the contract's examples, the field errors, one reply type."""

from __future__ import annotations

import json

import pytest

from mockserver.http.envelope import error_body, error_reply
from mockserver.validation.wording import FieldError


@pytest.mark.parametrize(
    ("status", "line"),
    [(400, "400 Bad Request"), (413, "413 Payload Too Large"), (405, "405 Method Not Allowed"),
     (599, "599 Error")],
    ids=["from-spec", "spec-wording", "http-phrase", "unknown"],
)  # fmt: skip
def test_status_lines(status: int, line: str) -> None:
    assert error_body(status, "Some detail.")["error"] == line


def test_the_envelope_repeats_the_detail_and_lists_errors_only_when_given() -> None:
    assert error_body(401, "Invalid API key.") == {
        "error": "401 Unauthorized",
        "detail": "Invalid API key.",
        "details": {"message": "Invalid API key."},
    }
    body = error_body(400, "x: bad.", [FieldError("x", "bad")])
    assert body["details"]["errors"] == [{"field": "x", "message": "bad"}]


def test_a_reply_keeps_the_value_it_encodes() -> None:
    reply = error_reply(503, "Down.", headers={"Retry-After": "1"})
    body, headers = reply.encode()
    assert reply.status == 503
    assert json.loads(body) == reply.value == error_body(503, "Down.")
    assert dict(headers)[b"retry-after"] == b"1"
    assert reply.media_type == "application/json"
    assert dict(headers)[b"content-type"] == b"application/json"
    assert dict(headers)[b"content-length"] == str(len(body)).encode()
