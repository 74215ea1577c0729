"""Request heads are bounded (httptools bounds none itself): a head past `--max-head-bytes` or with
more than `--max-headers` lines gets 431 in the envelope and the connection is closed, however the
head arrives (whole, or streamed line by line by a client that never ends it), before any key is
checked, and without the process keeping what it was sent."""

from __future__ import annotations

import contextlib
import select
import socket
import time

import pytest

from tests.hardening.conftest import assert_alive
from tests.hardening.envelope import check_error_answer
from tests.hardening.process import MockProcess, spawn
from tests.hardening.rawhttp import exchange, parse, request_bytes

AUTH = ("Authorization", "Token mock-key")
HEAD_LIMIT = 65_536  # the defaults (docs/HARDENING.md)
HEADER_LIMIT = 100


def _ping(headers: list[tuple[str, str]]) -> bytes:
    return request_bytes("GET", "/v1/ping/", headers=headers)


def _refused(answer_status: int, headers: dict[str, str], body: bytes, flag: str) -> None:
    assert answer_status == 431, body[:300]
    check_error_answer(answer_status, headers, body)
    assert flag in body.decode(), body
    assert headers.get("connection") == "close", headers


@pytest.mark.parametrize(
    ("headers", "flag"),
    [
        pytest.param([(f"X-F-{i}", "v") for i in range(100_000)], "--max-headers", id="100000"),
        pytest.param([(f"X-F-{i}", "v") for i in range(10_000)], "--max-headers", id="10000"),
        pytest.param([("X-Big", "v" * 16 * 1_048_576)], "--max-head-bytes", id="one-16mib"),
        pytest.param([("X-Big", "v" * 1_048_576)], "--max-head-bytes", id="one-1mib"),
        pytest.param([("Cookie", "c=" + "v" * 70_000)], "--max-head-bytes", id="cookie-70kb"),
    ],
)
def test_oversized_heads_get_431_naming_the_limit(
    mock: MockProcess, headers: list[tuple[str, str]], flag: str
) -> None:
    answer = exchange(mock.port, _ping([AUTH, *headers]))
    _refused(answer.status, answer.headers, answer.body, flag)
    assert_alive(mock)


def test_heads_within_the_limits_are_served(mock: MockProcess) -> None:
    # request_bytes adds Host and Connection: with the key, 3 lines of the 100.
    many = [(f"X-F-{i}", "v") for i in range(HEADER_LIMIT - 3)]
    assert exchange(mock.port, _ping([AUTH, *many])).status == 200
    big = [("X-Big", "v" * (HEAD_LIMIT - 200))]
    assert exchange(mock.port, _ping([AUTH, *big])).status == 200
    one_more = [(f"X-F-{i}", "v") for i in range(HEADER_LIMIT - 2)]
    assert exchange(mock.port, _ping([AUTH, *one_more])).status == 431


def _stream(port: int, first: bytes, line: bytes, budget: int) -> tuple[int, bytes]:
    """Send `first`, then `line` over and over (a head that never ends) until an answer comes
    or `budget` bytes are sent; returns (bytes sent by then, the answer)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65_536)
        try:
            sock.sendall(first)
            while sent < budget and not select.select([sock], [], [], 0)[0]:
                sock.sendall(line)
                sent += len(line)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        with contextlib.suppress(ConnectionResetError, TimeoutError):
            while chunk := sock.recv(65_536):
                chunks.append(chunk)
    return sent, b"".join(chunks)


def _settled_rss(mock: MockProcess) -> float:
    """RSS once the process has finished warming up after start (it grows for a second or two
    by itself): two readings half a second apart within 1 MiB."""
    deadline = time.monotonic() + 15
    previous = mock.rss_mib()
    while time.monotonic() < deadline:
        time.sleep(0.5)  # the interval between two readings, not a wait for readiness
        current = mock.rss_mib()
        if abs(current - previous) < 1:
            return current
        previous = current
    return previous


@pytest.mark.parametrize(
    "line",
    [b"X-Flood: " + b"v" * 54 + b"\r\n", b"v" * 1_024],
    ids=["header-lines", "one-endless-value"],
)
def test_a_head_streamed_without_end_is_cut_off_and_rss_stays_flat(
    mock: MockProcess, line: bytes
) -> None:
    """Unauthenticated: no key is needed to be cut off, near the bound, and 32 such connections
    leave the process no bigger (the first round measured +669 MB per 64 MiB, kept after
    closing)."""
    before = _settled_rss(mock)
    first = b"GET /v1/ping/ HTTP/1.1\r\nHost: x\r\n" + (b"" if b":" in line else b"X-E: ")
    started = time.monotonic()
    for _ in range(32):
        sent, answer = _stream(mock.port, first, line, budget=64 * 1_048_576)
        assert answer, "the server closed without answering"
        refusal = parse(answer)
        assert refusal.status == 431, refusal.body
        check_error_answer(refusal.status, refusal.headers, refusal.body)
        # The bound plus what the kernel's socket buffers held when the answer came.
        assert sent < 16 * 1_048_576, sent
    elapsed = time.monotonic() - started
    after = mock.rss_mib()
    assert after - before < 10, f"RSS {before:.0f} -> {after:.0f} MiB"
    assert elapsed < 30, elapsed
    assert_alive(mock)
    assert "Traceback" not in mock.log(), mock.log()


def test_the_limits_are_flags() -> None:
    process = spawn("--seed", "7", "--max-head-bytes", "2048", "--max-headers", "10")
    try:
        small = exchange(process.port, _ping([AUTH, ("X-Pad", "v" * 1_500)]))
        assert small.status == 200
        big = exchange(process.port, _ping([AUTH, ("X-Pad", "v" * 2_100)]))
        _refused(big.status, big.headers, big.body, "--max-head-bytes")
        assert "2048 bytes" in big.body.decode()
        many = exchange(process.port, _ping([AUTH, *[(f"X-{i}", "v") for i in range(8)]]))
        _refused(many.status, many.headers, many.body, "--max-headers")
        assert "more than 10 header lines" in many.body.decode()
    finally:
        assert process.terminate() == 0
