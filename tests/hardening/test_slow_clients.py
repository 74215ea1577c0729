"""Slow and stalled clients: a head or a body that does not arrive in time gets 408 in the envelope
(a connection that sent nothing is closed quietly), connections are capped below the process's
file-descriptor limit so that stalled ones cannot starve it, and SIGTERM while a body is stalled
answers that client in the envelope, without uvicorn's plain-text 500 or a traceback."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from mockserver.http.limits import FD_RESERVE
from tests.hardening.envelope import check_error_answer, schema_errors
from tests.hardening.process import MockProcess, spawn
from tests.hardening.rawhttp import RawResponse, parse

AUTH = {"Authorization": "Token mock-key"}
PARTIAL_HEAD = b"GET /v1/ping/ HTTP/1.1\r\nHost: x\r\nAuthorization: Tok"
PARTIAL_BODY = (
    b"POST /v1/memories/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token mock-key\r\n"
    b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"messages": ['
)
BUSY_PING = (
    b"GET /v1/ping/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token mock-key\r\n"
    b"Prefer: delay=2000\r\n\r\n"
)


def _open(port: int, sent: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    if sent:
        sock.sendall(sent)
    return sock


def _answer(sock: socket.socket) -> RawResponse | None:
    """What the server sent before closing (None: closed without a word)."""
    chunks = []
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65_536):
            chunks.append(chunk)
    sock.close()
    return parse(b"".join(chunks)) if chunks else None


def _unavailable(answer: RawResponse | None) -> str:
    """A 503 in the contract's envelope (check_error_answer judges 4xx only); its detail."""
    assert answer is not None, "closed without the 503"
    assert answer.status == 503, answer.body
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    document = answer.json()
    assert schema_errors("Error", document) == [], document
    assert document["error"].startswith("503 "), document
    assert answer.headers.get("connection") == "close", answer.headers
    detail: str = document["detail"]
    return detail


def _timed_out(answer: RawResponse | None, flag: str) -> None:
    assert answer is not None, "closed without the 408"
    assert answer.status == 408, answer.body
    check_error_answer(answer.status, answer.headers, answer.body)
    assert flag in answer.body.decode(), answer.body


@pytest.fixture(scope="module")
def quick() -> Iterator[MockProcess]:
    process = spawn("--seed", "3", "--head-timeout", "1", "--body-timeout", "1")
    yield process
    assert process.terminate() == 0
    assert "Traceback" not in process.log(), process.log()


@pytest.mark.parametrize(
    ("sent", "flag"),
    [(PARTIAL_HEAD, "--head-timeout"), (PARTIAL_BODY, "--body-timeout")],
    ids=["stalled-head", "stalled-body"],
)
def test_a_stalled_request_gets_408_at_its_deadline(
    quick: MockProcess, sent: bytes, flag: str
) -> None:
    sock = _open(quick.port, sent)
    started = time.monotonic()
    answer = _answer(sock)
    elapsed = time.monotonic() - started
    _timed_out(answer, flag)
    assert 0.9 <= elapsed < 5, elapsed


def test_a_second_request_stalled_mid_head_on_a_kept_connection_gets_408(
    quick: MockProcess,
) -> None:
    sock = _open(
        quick.port, b"GET /v1/ping/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token mock-key\r\n\r\n"
    )
    first = sock.recv(65_536)
    assert parse(first).status == 200, first
    sock.sendall(PARTIAL_HEAD)
    _timed_out(_answer(sock), "--head-timeout")


def test_a_connection_that_sends_nothing_is_closed_quietly(quick: MockProcess) -> None:
    sock = _open(quick.port, b"")
    started = time.monotonic()
    assert _answer(sock) is None  # no unasked-for answer a pooled client could misread
    assert 0.9 <= time.monotonic() - started < 5


def test_a_steady_request_under_the_deadlines_is_served(quick: MockProcess) -> None:
    """The deadlines bound a whole head and a whole body, not one client's pace within them."""
    sock = _open(quick.port, b"")
    head = b"GET /v1/ping/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token mock-key\r\n\r\n"
    for start in range(0, len(head), 16):
        sock.sendall(head[start : start + 16])
        time.sleep(0.02)
    first = sock.recv(65_536)
    sock.close()
    assert parse(first).status == 200, first


def test_a_client_waiting_for_100_continue_is_not_timed_out(quick: MockProcess) -> None:
    """The body deadline waits while the mock owes the `100 Continue` (here, for 2 s of delay)."""
    body = b'{"messages":[{"role":"user","content":"I like tea."}],"user_id":"expect"}'
    head = (
        b"POST /v1/memories/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token mock-key\r\n"
        b"Content-Type: application/json\r\nExpect: 100-continue\r\nPrefer: delay=2000\r\n"
        b"Connection: close\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    )
    sock = _open(quick.port, head)
    interim = sock.recv(65_536)
    assert interim.startswith(b"HTTP/1.1 100 Continue"), interim
    sock.sendall(body)
    answer = _answer(sock)
    assert answer is not None and answer.status == 200, answer


@contextlib.contextmanager
def _fd_limit(soft: int) -> Iterator[None]:
    """The soft file-descriptor limit for processes started inside (they inherit it)."""
    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, before[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, before)


def test_1100_stalled_connections_do_not_starve_the_process() -> None:
    """Started with `ulimit -n 1024` (where the first round saw ~1,010 stalled connections take
    every descriptor): 1,100 connections that stall (nothing sent, half a head, half a body) and
    a client still gets its ping, quickly; the oldest stalled ones are closed to make room."""
    with _fd_limit(1024):
        process = spawn("--seed", "3")
    stalled: list[socket.socket] = []
    try:
        kinds = [b"", PARTIAL_HEAD, PARTIAL_BODY]
        for index in range(1_100):
            stalled.append(_open(process.port, kinds[index % 3]))
        started = time.monotonic()
        with httpx.Client(base_url=process.url, headers=AUTH, timeout=10.0) as client:
            answers = [client.get("/v1/ping/").status_code for _ in range(5)]
        elapsed = time.monotonic() - started
        assert answers == [200] * 5
        assert elapsed < 5, elapsed
        descriptors = len(os.listdir(f"/proc/{process.process.pid}/fd"))
        assert descriptors <= 1_000 + FD_RESERVE, descriptors  # the cap, not the fd limit
        # The first connections were the ones closed: 408 for those part-way through a request.
        for sock in stalled[1:3]:
            sock.settimeout(10)
            _timed_out(_answer(sock), "--max-connections")
    finally:
        for sock in stalled:
            sock.close()
        assert process.terminate() == 0
    assert "Traceback" not in process.log(), process.log()
    assert "Too many open files" not in process.log(), process.log()[-3000:]


def test_past_the_cap_with_every_connection_busy_the_new_one_gets_503() -> None:
    process = spawn("--seed", "3", "--max-connections", "4")
    busy = [_open(process.port, BUSY_PING) for _ in range(4)]
    try:
        time.sleep(0.5)  # the four are being answered (each waits its 2 s)
        refused = _answer(_open(process.port, b""))
        assert "--max-connections" in _unavailable(refused)
        assert refused is not None and refused.headers.get("retry-after") == "1"
        for sock in busy:  # the busy ones are answered as they would have been
            first = sock.recv(65_536)
            assert parse(first).status == 200, first
    finally:
        for sock in busy:
            sock.close()
        assert process.terminate() == 0


@pytest.mark.parametrize(
    "request_bytes",
    [PARTIAL_BODY, BUSY_PING.replace(b"delay=2000", b"delay=60000")],
    ids=["body-stalled", "still-being-answered"],
)
def test_sigterm_answers_an_unfinished_request_in_the_envelope(request_bytes: bytes) -> None:
    """A body the client stalls, or a request the mock is still working on when the grace period
    ends (a 60 s `Prefer: delay`), gets 503 in the envelope, not uvicorn's plain-text 500 and a
    traceback."""
    process = spawn("--seed", "3")
    sock = _open(process.port, request_bytes)
    time.sleep(0.2)  # the head is read: the app waits for the body, or the delay has begun
    process.process.send_signal(signal.SIGTERM)
    answer = _answer(sock)
    code = process.process.wait(timeout=30)
    process.close()
    assert "shutting down" in _unavailable(answer)
    assert code == 0
    log = process.log()
    assert "Traceback" not in log and "CancelledError" not in log, log
    assert "Internal Server Error" not in log, log
