"""Bodies over the limit are refused with 413 as soon as the limit is crossed: the server never
reads them whole, so memory stays flat however much a client sends; and large legal bodies do not
pile up in memory either."""

from __future__ import annotations

import select
import socket

import pytest

from tests.hardening.conftest import RSS_BOUND_MIB, assert_alive
from tests.hardening.envelope import check_error_answer
from tests.hardening.process import MockProcess, spawn
from tests.hardening.rawhttp import KeepAlive, RawResponse, parse, request_bytes

HEADERS = [("Authorization", "Token mock-key"), ("Content-Type", "application/json")]
CHUNK = b'{"messages":[' + b" " * (1_048_576 - 13)  # 1 MiB of a JSON document that never ends
MIB = 1_048_576


def _push(port: int, head: bytes, chunks: int, frame: bool) -> tuple[RawResponse, int]:
    """Send `head` then up to `chunks` MiB of body, stopping once the server answers.
    Returns the answer and how many bytes of body went out before it came."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head)
        received = b""
        try:
            for _ in range(chunks):
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered: stop sending
                piece = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK) if frame else CHUNK
                sock.sendall(piece)
                sent += len(CHUNK)
            else:
                sock.sendall(b"0\r\n\r\n" if frame else b"")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed while we were still sending
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass  # closed with our unread bytes in its buffer: what arrived before counts
    return parse(received), sent


def _refused(mock: MockProcess, mebibytes: int, *, chunked: bool) -> int:
    if chunked:
        head = request_bytes(
            "POST",
            "/v1/memories/",
            headers=[*HEADERS, ("Transfer-Encoding", "chunked")],
            content_length=False,
        )
    else:
        head = request_bytes("POST", "/v1/memories/", headers=HEADERS, content_length=False)
        head = head[:-2] + b"Content-Length: %d\r\n\r\n" % (mebibytes * MIB)
    answer, sent = _push(mock.port, head, mebibytes, frame=chunked)
    assert answer.status == 413, answer
    check_error_answer(answer.status, answer.headers, answer.body)
    assert_alive(mock)
    return sent


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_2_mib_body_is_refused_with_413(mock: MockProcess, chunked: bool) -> None:
    _refused(mock, 2, chunked=chunked)


@pytest.mark.slow
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_100_mb_body_is_refused_without_being_read(mock: MockProcess, chunked: bool) -> None:
    sent = _refused(mock, 100, chunked=chunked)
    assert sent < 100 * MIB  # answered before the client was done
    assert mock.rss_mib() < RSS_BOUND_MIB


def test_rss_stays_bounded_under_large_legal_bodies() -> None:
    process = spawn("--seed", "7", "--log-level", "warning")
    body = b'{"messages":[{"role":"robot","content":"' + b"x" * 900_000 + b'"}],"user_id":"u"}'
    try:
        connection = KeepAlive(process.port)
        try:
            for _ in range(200):
                status, _ = connection.post("/v1/memories/", body, HEADERS)
                assert status == 400
        finally:
            connection.close()
        assert process.rss_mib() < RSS_BOUND_MIB
    finally:
        process.terminate()
