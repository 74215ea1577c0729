"""`--max-store-chars` counts exactly what the store holds, across a reset that lands while an add
runs in a worker thread and across adds answered at the same time (real process)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.hardening.process import MockProcess, spawn
from tests.hardening.rawhttp import exchange, request_bytes

LIMIT = 400_000
MESSAGE = 1_000  # characters per message: the adds below are verbatim, so exactly these are kept


@pytest.fixture(scope="module")
def process() -> Iterator[MockProcess]:
    started = spawn("--max-store-chars", str(LIMIT))
    yield started
    started.terminate()


@pytest.fixture
def mock(process: MockProcess) -> MockProcess:
    _reset(process)
    return process


def _add_body(user: str, chars: int, *, infer: bool = False) -> bytes:
    """Verbatim: exactly `chars` characters kept. Inferred: the same characters held while it
    runs (for seconds: each message is full of facts), fewer kept."""
    count, rest = divmod(chars, MESSAGE)
    if infer:
        facts = "".join(f"I like fruit{i}. I live in Town{i}. " for i in range(MESSAGE))
        texts = [f"{i:06d} {facts}"[:MESSAGE] for i in range(count)]
    else:
        texts = [f"{user} {i:06d} ".ljust(MESSAGE, "x") for i in range(count)]
    if rest:
        texts.append("y" * rest)
    messages = [{"role": "user", "content": text} for text in texts]
    return json.dumps({"messages": messages, "user_id": user, "infer": infer}).encode()


def _add(mock: MockProcess, user: str, chars: int) -> int:
    answer = httpx.post(
        f"{mock.url}/v1/memories/",
        content=_add_body(user, chars),
        headers={**mock.auth, "Content-Type": "application/json"},
        timeout=120,
    )
    return answer.status_code


def _reset(mock: MockProcess) -> None:
    answer = httpx.post(f"{mock.url}/_mock/reset", headers={"X-Mem0-Mock": "1"}, timeout=60)
    assert answer.status_code == 200, answer.text


def _assert_room_is_exactly(mock: MockProcess, room: int) -> None:
    """An add of `room` characters fits; one more character then does not."""
    assert _add(mock, "fill", room) == 200
    assert _add(mock, "one-more", 1) == 429


def test_a_reset_during_an_add_in_a_worker_thread_leaves_nothing_counted(
    mock: MockProcess,
) -> None:
    finished: dict[str, float] = {}
    answer: list[int] = []
    data = request_bytes(
        "POST",
        "/v1/memories/",
        headers=[("Authorization", f"Token {mock.api_key}"), ("Content-Type", "application/json")],
        body=_add_body("big", 350_000, infer=True),
    )

    def big_add() -> None:
        answer.append(exchange(mock.port, data, timeout=120).status)
        finished["add"] = time.monotonic()

    worker = threading.Thread(target=big_add)
    worker.start()
    time.sleep(0.3)  # the body (350 KB) is in; its reconciliation takes seconds (checked below)
    _reset(mock)
    finished["reset"] = time.monotonic()
    worker.join(timeout=120)
    assert answer == [200]
    assert finished["add"] > finished["reset"], "the add ended before the reset: no overlap"
    _assert_room_is_exactly(mock, LIMIT)


def test_adds_answered_at_the_same_time_cannot_pass_the_bound_together(
    mock: MockProcess,
) -> None:
    statuses: list[int] = []
    adds = [
        threading.Thread(target=lambda user=user: statuses.append(_add(mock, user, 250_000)))
        for user in ("first", "second")
    ]
    for add in adds:
        add.start()
    for add in adds:
        add.join(timeout=120)
    assert sorted(statuses) == [200, 429]
    _assert_room_is_exactly(mock, LIMIT - 250_000)
