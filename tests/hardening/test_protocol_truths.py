"""Smaller truths of HTTP: a key no header can carry is refused at start-up, a repeated header is
journaled with every value, HEAD is answered like GET without the body, and a body is read only
as what it says it is (a content coding or a charset the mock does not read gets 415 naming it)."""

from __future__ import annotations

import gzip
import subprocess

import httpx
import pytest

from tests.hardening.envelope import check_error_answer
from tests.hardening.process import MEM0_KIT, MockProcess
from tests.hardening.rawhttp import exchange, request_bytes

AUTH = ("Authorization", "Token mock-key")
VALID = b'{"messages":[{"role":"user","content":"I live in Berlin."}],"user_id":"truths"}'


@pytest.mark.parametrize("key", ["k€y-1234", "key-🔑"], ids=["euro", "emoji"])
def test_a_key_outside_latin_1_is_refused_at_start_up(key: str) -> None:
    done = subprocess.run(
        [MEM0_KIT, "mock", "--port", "0", "--api-key", key],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done
    message = done.stderr.strip()
    assert message.count("\n") == 0, message  # one sentence, no traceback
    assert "Latin-1" in message and "U+" in message, message
    assert key not in message  # the key itself is not printed whole


def test_a_repeated_header_is_journaled_with_all_its_values(mock: MockProcess) -> None:
    headers = [AUTH, ("Authorization", "Token other-key"), ("X-Tag", "first"), ("X-Tag", "second")]
    answer = exchange(mock.port, request_bytes("GET", "/v1/ping/", headers=headers))
    assert answer.status == 200  # auth reads the first value
    seq = int(answer.headers["x-request-id"])
    journal = httpx.get(f"{mock.url}/_mock/journal", timeout=10).json()
    entry = next(e for e in journal["entries"] if e["seq"] == seq)
    assert entry["headers"]["x-tag"] == "first, second"
    shown = entry["headers"]["authorization"].split(", ")
    assert len(shown) == 2 and all(value.startswith("Token ") for value in shown), shown
    assert "mock-key" not in entry["headers"]["authorization"]  # each value masked


@pytest.mark.parametrize("path", ["/v1/ping/", "/v1/ping"])
def test_head_of_ping_is_its_get_without_the_body(mock: MockProcess, path: str) -> None:
    got = exchange(mock.port, request_bytes("GET", path, headers=[AUTH]))
    head = exchange(mock.port, request_bytes("HEAD", path, headers=[AUTH]))
    assert head.status == 200
    assert head.body == b""
    volatile = {"date", "x-request-id"}
    assert {k: v for k, v in head.headers.items() if k not in volatile} == {
        k: v for k, v in got.headers.items() if k not in volatile
    }
    assert int(head.headers["content-length"]) == len(got.body) > 0


def test_head_without_a_key_is_401_without_the_body(mock: MockProcess) -> None:
    head = exchange(mock.port, request_bytes("HEAD", "/v1/ping/"))
    assert head.status == 401 and head.body == b""
    assert head.headers.get("www-authenticate") == "Token"


def _add(
    mock: MockProcess, body: bytes, *headers: tuple[str, str]
) -> tuple[int, dict[str, str], bytes]:
    answer = exchange(
        mock.port, request_bytes("POST", "/v1/memories/", headers=[AUTH, *headers], body=body)
    )
    return answer.status, answer.headers, answer.body


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", gzip.compress(VALID)),
        ("gzip", VALID),  # said compressed, sent plain: still not read as plain
        ("deflate", VALID),
        ("br", VALID),
        ("identity, gzip", gzip.compress(VALID)),
    ],
    ids=["gzip", "gzip-label-on-plain", "deflate", "br", "identity-then-gzip"],
)
def test_a_compressed_body_gets_415_naming_content_encoding(
    mock: MockProcess, coding: str, body: bytes
) -> None:
    status, headers, answer = _add(
        mock, body, ("Content-Type", "application/json"), ("Content-Encoding", coding)
    )
    assert status == 415, answer
    check_error_answer(status, headers, answer)
    assert "Content-Encoding" in answer.decode()
    assert headers.get("accept-encoding") == "identity"


def test_identity_coding_is_the_body_as_sent(mock: MockProcess) -> None:
    status, _, answer = _add(
        mock, VALID, ("Content-Type", "application/json"), ("Content-Encoding", "identity")
    )
    assert status == 200, answer


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json; charset=utf-16", VALID.decode().encode("utf-16")),
        ("application/json; charset=utf-16", VALID),  # a UTF-8 body labelled UTF-16
        ("application/json; charset=latin-1", VALID),
        ('application/json;charset="iso-8859-1"', VALID),
    ],
    ids=["utf-16-body", "utf-16-label-on-utf-8", "latin-1", "quoted"],
)
def test_a_charset_other_than_utf_8_gets_415_naming_it(
    mock: MockProcess, content_type: str, body: bytes
) -> None:
    status, headers, answer = _add(mock, body, ("Content-Type", content_type))
    assert status == 415, answer
    check_error_answer(status, headers, answer)
    charset = content_type.rpartition("=")[2].strip('"')
    assert f"charset {charset!r}" in answer.decode(), answer


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=utf-8",
        'application/json; charset="UTF-8"',
        "application/json;charset=utf8",
    ],
)
def test_utf_8_by_any_spelling_is_read(mock: MockProcess, content_type: str) -> None:
    status, _, answer = _add(mock, VALID, ("Content-Type", content_type))
    assert status == 200, answer


def test_a_byte_order_mark_is_named(mock: MockProcess) -> None:
    """docs/HARDENING.md quotes this sentence."""
    status, headers, answer = _add(
        mock, b"\xef\xbb\xbf" + VALID, ("Content-Type", "application/json")
    )
    assert status == 400
    check_error_answer(status, headers, answer)
    assert (
        "body: starts with a UTF-8 byte order mark (EF BB BF); send JSON without one."
        in answer.decode()
    ), answer
