"""Every method on every path, header floods and broken HTTP framing: answers are 4xx contract
errors (405s name the allowed methods), never a 5xx, a traceback or a hang."""

from __future__ import annotations

import socket

import pytest

from tests.hardening.conftest import assert_alive
from tests.hardening.envelope import check_error_answer
from tests.hardening.process import MockProcess, spawn
from tests.hardening.rawhttp import exchange, request_bytes

AUTH = ("Authorization", "Token mock-key")
JSON = ("Content-Type", "application/json")
VALID = b'{"messages":[{"role":"user","content":"I live in Berlin."}],"user_id":"surface"}'

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW"]
PATHS = [
    "/v1/memories/",
    "/v1/memories",
    "/v1/ping/",
    "/v1/ping",
    "/v1/event/evt-1/",
    "/v1/event//",
    "/",
    "/v1/",
    "/nonexistent",
    "/v1/memories/%ff/",
    "/v1/memories/?x=%zz&x=%00",
    "/v1/memories/" + "a" * 4000,
]
# The operations the contract declares, the only ones that may answer 2xx (the mock also serves
# each path without its trailing slash, as clients that drop it expect).
DECLARED = {
    ("POST", "/v1/memories/"),
    ("POST", "/v1/memories"),
    ("GET", "/v1/ping/"),
    ("GET", "/v1/ping"),
    ("HEAD", "/v1/ping/"),
    ("HEAD", "/v1/ping"),
}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p[:40])
@pytest.mark.parametrize("method", METHODS)
def test_every_method_on_every_path(mock: MockProcess, method: str, path: str) -> None:
    body = VALID if method in {"POST", "PUT", "PATCH"} else b""
    answer = exchange(mock.port, request_bytes(method, path, headers=[AUTH, JSON], body=body))
    if answer.status < 300:
        assert (method, path.split("?")[0]) in DECLARED, (answer.status, answer.body[:200])
        return
    check_error_answer(answer.status, answer.headers, answer.body, method)
    if answer.status == 405:
        assert answer.headers.get("allow"), answer.headers


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/v1/memories/"), ("GET", "/v1/ping/"), ("GET", "/v1/event/x/")]
)
def test_every_operation_without_a_key_is_401(mock: MockProcess, method: str, path: str) -> None:
    answer = exchange(mock.port, request_bytes(method, path, headers=[JSON], body=b"{"))
    assert answer.status == 401
    check_error_answer(answer.status, answer.headers, answer.body)


FLOODS = [
    pytest.param([(f"X-Flood-{i}", "v" * 64) for i in range(100)], id="100-headers"),
    pytest.param([(f"X-Flood-{i}", "v" * 8) for i in range(1000)], id="1000-headers"),
    pytest.param([(f"X-F-{i}", "v") for i in range(10_000)], id="10000-headers"),
    pytest.param([("X-Big", "v" * 65_536)], id="one-64kb-header"),
    pytest.param([("X-Big", "v" * 1_048_576)], id="one-1mb-header"),
    pytest.param([("Cookie", "; ".join(f"c{i}=v" for i in range(10_000)))], id="cookie-flood"),
]


@pytest.mark.parametrize("headers", FLOODS)
def test_header_floods(mock: MockProcess, headers: list[tuple[str, str]]) -> None:
    data = request_bytes("POST", "/v1/memories/", headers=[AUTH, JSON, *headers], body=VALID)
    answer = exchange(mock.port, data)
    if answer.status != 200:
        check_error_answer(answer.status, answer.headers, answer.body)
    assert_alive(mock)


def _raw(head: str, body: bytes = b"{}") -> bytes:
    """A POST /v1/memories/ with a key and these header lines, verbatim."""
    start = "POST /v1/memories/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    start += "Authorization: Token mock-key\r\n"
    return (start + head + "\r\n\r\n").encode("latin-1") + body


JSON_HEAD = "Content-Type: application/json\r\n"
CHUNKED_BRACES = b"2\r\n{}\r\n0\r\n\r\n"
TLS_HELLO = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\xff" * 64 + b"\r\n\r\n"
FRAMING = [
    pytest.param(_raw(JSON_HEAD + "Content-Length: abc"), id="content-length-not-a-number"),
    pytest.param(_raw(JSON_HEAD + "Content-Length: -5"), id="content-length-negative"),
    pytest.param(
        _raw(JSON_HEAD + "Content-Length: 5", VALID),
        id="content-length-shorter-than-body",
    ),
    pytest.param(
        _raw(JSON_HEAD + "Transfer-Encoding: chunked", b"zz\r\n{}\r\n0\r\n\r\n"),
        id="chunked-invalid-size",
    ),
    pytest.param(
        _raw(JSON_HEAD + "Transfer-Encoding: chunked\r\nContent-Length: 3", CHUNKED_BRACES),
        id="chunked-and-content-length",
    ),
    pytest.param(_raw("X-Nul: a\x00b\r\nContent-Length: 2"), id="nul-in-header-value"),
    pytest.param(_raw("No colon here\r\nContent-Length: 2"), id="header-without-colon"),
    pytest.param(b"GET /v1/ping/\r\n\r\n", id="http-0.9"),
    pytest.param(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", id="http-2-preface"),
    pytest.param(b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", id="options-star"),
    pytest.param(TLS_HELLO, id="tls-hello"),
    pytest.param(
        b"GET /v1/ping/ HTTP/1.1\r\nAuthorization: Token mock-key\r\nConnection: close\r\n\r\n",
        id="no-host-header",
    ),
]  # fmt: skip


@pytest.mark.parametrize("data", FRAMING)
def test_broken_framing(mock: MockProcess, data: bytes) -> None:
    try:
        answer = exchange(mock.port, data, timeout=30.0)
    except ConnectionError:
        pass  # closing the connection is a fair answer to bytes that are not HTTP
    else:
        if answer.status >= 300:
            check_error_answer(answer.status, answer.headers, answer.body)
    assert_alive(mock)


def test_body_cut_short_then_connection_closed_quietly() -> None:
    """A client that announces 1000 bytes, sends 10 and hangs up: dropped without a traceback."""
    process = spawn("--seed", "7")
    try:
        head = request_bytes("POST", "/v1/memories/", headers=[AUTH, JSON], body=b"")
        head = head.replace(b"Content-Length: 0", b"Content-Length: 1000")
        with socket.create_connection(("127.0.0.1", process.port), timeout=30) as sock:
            sock.sendall(head + b'{"message')
            sock.shutdown(socket.SHUT_WR)
            answer = b"".join(iter(lambda: sock.recv(65536), b""))  # until the server closes
        assert answer == b"" or int(answer.split(b" ", 2)[1]) < 500, answer[:300]
        assert_alive(process)
    finally:
        process.terminate()
    assert "Traceback" not in process.log(), process.log()[-3000:]
