"""No request freezes everyone else: while any one request is answered, a ping from another client
is answered within 50 ms (real process, the costliest shapes of every operation family we found).

Each heavy request is sent while a second client pings every few milliseconds; the worst ping
that overlapped it is its figure. A freeze is deterministic (the loop is held, every attempt
shows it), while this machine's noise is not (2 shared cores, tests in parallel, a worker thread
and the loop taking turns on the GIL every few milliseconds), so a shape passes when one of up
to five attempts stays within the bound, and an attempt whose control window (pings just before
the heavy request) already exceeded it does not count. The store is put back (`/_mock/reset`, to
the fixture) before each attempt.
"""

from __future__ import annotations

import gc
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.hardening.process import MockProcess, spawn

BOUND_MS = 50
ATTEMPTS = 5
SCOPE = 3_000  # memories of the fixture's one big scope (past the mock's read offload)
GAP_S = 0.003  # between two pings: a ping storm would be a load of its own
CONTROL_S = 0.3  # pings before the heavy request, to tell a busy machine from a held loop

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    words = [f"word{i}" for i in range(500)]
    memories = [
        {
            "memory": " ".join(words[(i * 7 + j * 13) % 500] for j in range(12)),
            "user_id": "big",
            "metadata": {"k": i % 50},
        }
        for i in range(SCOPE)
    ]
    fixture = tmp_path_factory.mktemp("freeze") / "memories.json"
    fixture.write_text(json.dumps({"memories": memories}), encoding="utf-8")
    process = spawn("--memories", str(fixture), "--max-memories-per-scope", str(2 * SCOPE))
    # A process's first large add pays once for what is built on first use (the worker thread,
    # lazily filled tables): about 150 ms of one ping here, reported apart, not measured below.
    body = {"messages": [{"role": "user", "content": FORGET_A}] * 20, "user_id": "big"}
    httpx.post(f"{process.url}/v1/memories/", json=body, headers=process.auth, timeout=120)
    yield process
    assert process.alive(), process.log()[-3000:]
    process.terminate()


@dataclass(frozen=True)
class Heavy:
    method: str
    path: str
    body: Any = None
    statuses: tuple[int, ...] = (200,)


def _ids(mock: MockProcess, count: int) -> list[str]:
    ids: list[str] = []
    page = 1
    while len(ids) < count:
        answer = httpx.get(
            f"{mock.url}/v1/memories/?user_id=big&page_size=200&page={page}",
            headers=mock.auth,
            timeout=60,
        )
        ids += [memory["id"] for memory in answer.json()["results"]]
        page += 1
    return ids[:count]


def _facts(count: int) -> str:
    return ". ".join(f"I like fruit{i} and I live in Town{i}" for i in range(count))


FORGET_A = "forget a" + ", forget a" * 199  # 2 KB of retractions that match nothing
BIG_OR = {"OR": [{"metadata": {"k": i}} for i in range(300)]}
LONG_QUERY = " ".join(f"word{i}" for i in range(500)) + " " + " ".join(f"q{i}" for i in range(1500))


def _shapes() -> dict[str, Callable[[MockProcess], Heavy]]:
    big = {"user_id": "big"}
    return {
        "add-20x200-retractions-vs-3000": lambda m: Heavy(
            "POST",
            "/v1/memories/",
            {"messages": [{"role": "user", "content": FORGET_A}] * 20, **big},
        ),
        "add-1000-facts-1000-forgets": lambda m: Heavy(
            "POST",
            "/v1/memories/",
            {
                "messages": [{"role": "user", "content": f"I like fruit{i}"} for i in range(1000)]
                + [{"role": "user", "content": f"forget fruit{i}"} for i in range(1000)],
                **big,
            },
        ),
        "add-100-messages-of-facts": lambda m: Heavy(
            "POST",
            "/v1/memories/",
            {"messages": [{"role": "user", "content": _facts(60)}] * 100, **big},
        ),
        "v3-add-verbatim-2000-messages": lambda m: Heavy(
            "POST",
            "/v3/memories/add/",
            {
                "messages": [{"role": "user", "content": f"note {i} " * 20} for i in range(2000)],
                "infer": False,
                **big,
            },
        ),
        "v3-add-queued-then-its-event": lambda m: Heavy(
            "GET", f"/v1/event/{_queued_event(m)}/", None
        ),
        "v2-search-300-ors-2000-word-query": lambda m: Heavy(
            "POST",
            "/v2/memories/search/",
            {"query": LONG_QUERY, "filters": {"AND": [big, BIG_OR]}, "top_k": 1000},
        ),
        "v3-search-2000-word-query": lambda m: Heavy(
            "POST", "/v3/memories/search/", {"query": LONG_QUERY, "filters": big, "top_k": 1000}
        ),
        "v2-list-300-ors": lambda m: Heavy(
            "POST", "/v2/memories/?page_size=200", {"filters": {"AND": [big, BIG_OR]}}
        ),
        "v1-list-last-page": lambda m: Heavy(
            "GET", f"/v1/memories/?user_id=big&page_size=200&page={SCOPE // 200}"
        ),
        "entities": lambda m: Heavy("GET", "/v1/entities/"),
        "batch-update-1000": lambda m: Heavy(
            "PUT",
            "/v1/batch/",
            {"memories": [{"memory_id": i, "text": _facts(8)} for i in _ids(m, 1000)]},
        ),
        "batch-delete-1000": lambda m: Heavy(
            "DELETE", "/v1/batch/", {"memories": [{"memory_id": i} for i in _ids(m, 1000)]}
        ),
        "history-of-1000-updates": lambda m: Heavy(
            "GET", f"/v1/memories/{_updated_1000_times(m)}/history/"
        ),
        "events-page": lambda m: Heavy("GET", "/v1/events/?page_size=200"),
        "delete-all-of-a-user": lambda m: Heavy("DELETE", "/v1/memories/?user_id=big"),
    }


def _queued_event(mock: MockProcess) -> str:
    """A queued v3 add of 300 KB of facts: its work runs when a request next comes."""
    body = {"messages": [{"role": "user", "content": _facts(100)}] * 60, "user_id": "big"}
    answer = httpx.post(f"{mock.url}/v3/memories/add/", json=body, headers=mock.auth, timeout=120)
    assert answer.status_code == 200, answer.text
    event_id: str = answer.json()["event_id"]
    return event_id


def _updated_1000_times(mock: MockProcess) -> str:
    (memory_id,) = _ids(mock, 1)
    body = {"memories": [{"memory_id": memory_id, "text": f"v{i}"} for i in range(1000)]}
    answer = httpx.put(f"{mock.url}/v1/batch/", json=body, headers=mock.auth, timeout=120)
    assert answer.status_code == 200, answer.text
    return memory_id


def _ping_forever(
    mock: MockProcess, pings: list[tuple[float, float]], stop: threading.Event
) -> None:
    """Ping over one keep-alive connection with prepared bytes, so the measuring client itself
    allocates (and pauses) as little as it can."""
    request = (
        f"GET /v1/ping/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {mock.api_key}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", mock.port), timeout=120) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while not stop.is_set():
            start = time.perf_counter()
            sock.sendall(request)
            received = b""
            while not _complete(received):
                chunk = sock.recv(65536)
                assert chunk, "the mock closed the ping connection"
                received += chunk
            pings.append((start, time.perf_counter()))
            assert received.startswith(b"HTTP/1.1 200"), received[:200]
            time.sleep(GAP_S)


def _complete(received: bytes) -> bool:
    head, found, body = received.partition(b"\r\n\r\n")
    if not found:
        return False
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


@dataclass(frozen=True)
class Measured:
    quiet_ms: float  # the worst ping of the control window just before the heavy request
    worst_ms: float  # the worst ping that overlapped the heavy request
    count: int  # how many pings overlapped it
    status: int  # the heavy request's

    def __str__(self) -> str:
        return f"{self.worst_ms:.0f} ms over {self.count} pings (control {self.quiet_ms:.0f} ms)"


def _measure(mock: MockProcess, heavy: Heavy) -> Measured:
    """Ping through a control window, then through the heavy request. This process's own
    collector is off meanwhile: its pauses would be counted against the mock."""
    pings: list[tuple[float, float]] = []
    stop = threading.Event()
    thread = threading.Thread(target=_ping_forever, args=(mock, pings, stop), daemon=True)
    headers = {**mock.auth, **JSON}
    content = None if heavy.body is None else json.dumps(heavy.body).encode()
    gc.collect()
    gc.disable()
    try:
        thread.start()
        deadline = time.monotonic() + 30
        while len(pings) < 3:
            assert time.monotonic() < deadline and thread.is_alive(), "the mock answered no ping"
            time.sleep(GAP_S)
        control = time.perf_counter()
        time.sleep(CONTROL_S)
        begin = time.perf_counter()
        answer = httpx.request(
            heavy.method, f"{mock.url}{heavy.path}", content=content, headers=headers, timeout=300
        )
        end = time.perf_counter()
    finally:
        stop.set()
        thread.join(timeout=120)
        gc.enable()
    quiet = [done - start for start, done in pings if start >= control and done < begin]
    overlapping = [done - start for start, done in pings if done >= begin and start <= end]
    return Measured(
        max(quiet, default=0.0) * 1000,
        max(overlapping, default=0.0) * 1000,
        len(overlapping),
        answer.status_code,
    )


def _reset(mock: MockProcess) -> None:
    answer = httpx.post(f"{mock.url}/_mock/reset", headers={"X-Mem0-Mock": "1"}, timeout=60)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("shape", list(_shapes()))
def test_a_ping_is_answered_within_50_ms_while_this_is_answered(
    mock: MockProcess, shape: str
) -> None:
    """An attempt counts when the machine was quiet enough to measure: its control window's
    pings stayed within the bound. One counted attempt within the bound passes; counted attempts
    that all exceed it fail; no counted attempt at all skips, saying so."""
    seen: list[Measured] = []
    for _ in range(ATTEMPTS):
        _reset(mock)
        heavy = _shapes()[shape](mock)
        measured = _measure(mock, heavy)
        assert measured.status in heavy.statuses, (shape, measured.status)
        seen.append(measured)
        if measured.quiet_ms <= BOUND_MS and measured.worst_ms <= BOUND_MS:
            print(f"{shape}: {', '.join(map(str, seen))}")  # the figures, shown with -s
            return
    counted = [m for m in seen if m.quiet_ms <= BOUND_MS]
    report = ", ".join(map(str, seen))
    if not counted:
        pytest.skip(f"{shape}: the machine was too busy to measure (no quiet control): {report}")
    pytest.fail(f"{shape}: a ping waited longer than {BOUND_MS} ms in every attempt: {report}")


def test_the_fixture_is_as_big_as_the_shapes_assume(mock: MockProcess) -> None:
    _reset(mock)
    listed = httpx.get(f"{mock.url}/v1/memories/?user_id=big", headers=mock.auth, timeout=60)
    assert listed.json()["count"] == SCOPE


def test_a_ping_does_not_wait_for_another_clients_queued_add(mock: MockProcess) -> None:
    _reset(mock)
    event_id = _queued_event(mock)  # about a second of work, done before the next request
    with httpx.Client(base_url=mock.url, headers=mock.auth, timeout=120) as other:
        took = []
        for _ in range(5):
            start = time.perf_counter()
            assert other.get("/v1/ping/").status_code == 200
            took.append((time.perf_counter() - start) * 1000)
        event = other.get(f"/v1/event/{event_id}/").json()  # this one does the work
    assert event["status"] == "SUCCEEDED"
    assert min(took) <= BOUND_MS, f"pings took {took} ms"
    assert max(took) < 500, f"a ping waited for the queued add: {took} ms"
