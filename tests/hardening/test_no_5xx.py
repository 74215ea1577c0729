"""No 5xx, from anything (real process): each class of issue 13 re-tried with other inputs of the
same kind. Dates the contract accepts but Python cannot hold, in every date and date-time field;
numbers that are digits to `str.isdigit` but not to `int()`, wherever a number is read from text;
what the mock accepted, every read shows again; the work one add may cause is bounded (413)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.hardening.envelope import check_error_answer
from tests.hardening.process import MockProcess, spawn

MAX_CHECKS = 1_000
USER = {"user_id": "no5xx"}


@pytest.fixture(scope="module")
def mock() -> Iterator[MockProcess]:
    process = spawn("--max-add-checks", str(MAX_CHECKS))
    yield process
    assert process.alive(), process.log()[-3000:]
    log = process.log()
    at = log.find("Traceback")
    assert at < 0, log[max(at - 500, 0) : at + 3000]
    process.terminate()


@pytest.fixture(scope="module")
def client(mock: MockProcess) -> Iterator[httpx.Client]:
    headers = {**mock.auth, "Content-Type": "application/json"}
    with httpx.Client(base_url=mock.url, headers=headers, timeout=60) as session:
        yield session


@pytest.fixture(scope="module")
def memory_id(client: httpx.Client) -> str:
    body = {"messages": [{"role": "user", "content": "I like tea"}], "infer": False, **USER}
    answer = client.post("/v1/memories/", json=body)
    assert answer.status_code == 200, answer.text
    found: str = answer.json()[0]["id"]
    return found


def _no_server_error(answer: httpx.Response) -> None:
    assert answer.status_code < 500, (answer.status_code, answer.text[:300])
    if answer.status_code >= 400:
        check_error_answer(answer.status_code, answer.headers, answer.content)


def _send(client: httpx.Client, method: str, path: str, body: Any = None) -> httpx.Response:
    content = None if body is None else body if isinstance(body, bytes) else json.dumps(body)
    answer = client.request(method, path, content=content)
    _no_server_error(answer)
    return answer


# -- dates ------------------------------------------------------------------------------------

DATES = [
    "0000-01-01",
    "0000-12-31",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "-001-01-01",
]
INSTANTS = [
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:01",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T24:00:00Z",
    "2026-01-01T00:00:00+24:00",
    "2026-01-01T00:00:60Z",
]


def _date_requests(memory_id: str, value: str) -> list[tuple[str, str, Any]]:
    add = {"messages": [{"role": "user", "content": "I live in Oslo"}], **USER}
    ranges = [
        {field: {op: value}} for field in ("created_at", "updated_at") for op in ("gte", "lt")
    ]
    requests: list[tuple[str, str, Any]] = [
        ("POST", "/v1/memories/", {**add, "expiration_date": value}),
        ("POST", "/v1/memories/", {**add, "expiration_date": value, "async_mode": True}),
        ("POST", "/v1/memories/", {**add, "expiration_date": value, "infer": False}),
        ("POST", "/v3/memories/add/", {**add, "expiration_date": value}),
        ("POST", "/v3/memories/add/", {**add, "expiration_date": value, "infer": False}),
        ("PUT", f"/v1/memories/{memory_id}/", {"text": "I like tea", "expiration_date": value}),
    ]
    for condition in ranges:
        filters = {"AND": [USER, condition]}
        requests += [
            ("POST", "/v1/memories/search/", {"query": "tea", **USER, "filters": condition}),
            ("POST", "/v2/memories/search/", {"query": "tea", "filters": filters}),
            ("POST", "/v3/memories/search/", {"query": "tea", "filters": filters}),
            ("POST", "/v2/memories/", {"filters": filters}),
            ("POST", "/v3/memories/", {"filters": filters}),
        ]
    return requests


@pytest.mark.parametrize("value", DATES + INSTANTS)
def test_every_date_field_answers_a_date_python_cannot_hold_without_a_5xx(
    client: httpx.Client, memory_id: str, value: str
) -> None:
    for method, path, body in _date_requests(memory_id, value):
        _send(client, method, path, body)
    # and what was accepted reads back
    for path in ("/v1/memories/?user_id=no5xx", f"/v1/memories/{memory_id}/history/"):
        assert _send(client, "GET", path).status_code == 200


# -- numbers read from text -------------------------------------------------------------------

ODD_NUMBERS = ["²", "٣", "0" * 5_000 + "1", "9" * 5_000, "1e3", "-1", "0x10", " 1", "1_000", ""]
QUERY_NUMBERS = ["page", "page_size"]


@pytest.mark.parametrize("number", ODD_NUMBERS, ids=lambda n: repr(n[:12]))
def test_every_number_read_from_a_query_is_a_400_or_a_200(
    client: httpx.Client, number: str
) -> None:
    for name in QUERY_NUMBERS:
        query = httpx.QueryParams({name: number})
        for path in ("/v1/memories/?user_id=no5xx&", "/v1/events/?", "/v1/entities/?"):
            _send(client, "GET", f"{path}{query}")
        _send(client, "POST", f"/v2/memories/?{query}", {"filters": USER})
        _send(client, "POST", f"/v3/memories/?{query}", {"filters": USER})


@pytest.mark.parametrize("number", ODD_NUMBERS, ids=lambda n: repr(n[:12]))
def test_every_number_read_from_a_body_is_a_400_or_a_200(client: httpx.Client, number: str) -> None:
    raw = number.encode()
    search = b'{"query":"tea","user_id":"no5xx","top_k":%s}' % raw
    _send(client, "POST", "/v1/memories/search/", search)
    limit = b'{"query":"tea","user_id":"no5xx","limit":%s}' % raw
    _send(client, "POST", "/v1/memories/search/", limit)
    threshold = b'{"query":"tea","filters":{"user_id":"no5xx"},"threshold":%s}' % raw
    _send(client, "POST", "/v2/memories/search/", threshold)
    metadata = b'{"filters":{"AND":[{"user_id":"no5xx"},{"metadata":{"k":%s}}]}}' % raw
    _send(client, "POST", "/v2/memories/", metadata)


# -- what was accepted is shown again ---------------------------------------------------------


def _reads(client: httpx.Client, memory_id: str) -> None:
    reads: list[tuple[str, str, Any]] = [
        ("GET", f"/v1/memories/{memory_id}/", None),
        ("GET", f"/v1/memories/{memory_id}/history/", None),
        ("GET", "/v1/memories/?user_id=deep", None),
        ("POST", "/v2/memories/", {"filters": {"user_id": "deep"}}),
        ("POST", "/v3/memories/", {"filters": {"user_id": "deep"}}),
        ("POST", "/v1/memories/search/", {"query": "deep", "user_id": "deep"}),
        ("POST", "/v2/memories/search/", {"query": "deep", "filters": {"user_id": "deep"}}),
        ("POST", "/v3/memories/search/", {"query": "deep", "filters": {"user_id": "deep"}}),
        ("GET", "/v1/entities/", None),
        ("GET", "/v1/events/", None),
    ]
    for method, path, body in reads:
        assert _send(client, method, path, body).status_code == 200, path
    for path in ("/_mock/memories", "/_mock/journal"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("depth", [1, 30, 63])
def test_metadata_as_deep_as_accepted_is_shown_by_every_read(
    client: httpx.Client, depth: int
) -> None:
    deep: Any = 1
    for _ in range(depth):
        deep = {"d": deep}
    body = {
        "messages": [{"role": "user", "content": f"deep note {depth}"}],
        "user_id": "deep",
        "infer": False,
        "metadata": deep,
    }
    added = _send(client, "POST", "/v1/memories/", body)
    assert added.status_code == 200
    memory_id = added.json()[0]["id"]
    _reads(client, memory_id)
    update = {"memories": [{"memory_id": memory_id, "metadata": deep}]}
    assert _send(client, "PUT", "/v1/batch/", update).status_code == 200
    _reads(client, memory_id)


@pytest.mark.parametrize("number", [b"1e400", b"-1e400", b"1" * 5_000, b"1e-400", b"-0.0"])
def test_numbers_no_double_holds_never_break_a_read(
    client: httpx.Client, memory_id: str, number: bytes
) -> None:
    bodies = [
        b'{"messages":[{"role":"user","content":"n"}],"user_id":"deep","metadata":{"v":%s}}',
        b'{"memories":[{"memory_id":"%s","metadata":{"v":%%s}}]}' % memory_id.encode(),
        b'{"query":"n","filters":{"AND":[{"user_id":"deep"},{"metadata":{"v":%s}}]}}',
    ]
    for path, template in zip(
        ("/v1/memories/", "/v1/batch/", "/v2/memories/search/"), bodies, strict=True
    ):
        _send(client, "PUT" if path == "/v1/batch/" else "POST", path, template % number)
    _reads(client, memory_id)


def test_metadata_too_deep_to_show_again_is_refused_naming_the_bound(
    client: httpx.Client,
) -> None:
    deep = b'{"d":' * 970 + b"1" + b"}" * 970
    body = b'{"messages":[{"role":"user","content":"x"}],"user_id":"deep","metadata":%s}' % deep
    for path in ("/v1/memories/", "/v3/memories/add/"):
        answer = _send(client, "POST", path, body)
        assert answer.status_code in (400, 413), answer.text
        assert "metadata" in answer.json()["detail"]


# -- the work of one add is bounded -------------------------------------------------------------


def test_an_add_whose_retractions_would_cost_too_much_gets_413_naming_the_flag(
    client: httpx.Client,
) -> None:
    # 600 memories, each with one of two words: "forget tea coffee" looks at 300 of them each time.
    drinks = [f"Drinks {'tea' if i % 2 else 'coffee'} {i}" for i in range(600)]
    messages = [{"role": "user", "content": text} for text in drinks]
    body = {"messages": messages, "user_id": "costly", "infer": False}
    assert _send(client, "POST", "/v1/memories/", body).status_code == 200
    retractions = [{"role": "user", "content": ", ".join(["forget tea coffee"] * 10)}]
    refused = _send(client, "POST", "/v1/memories/", {"messages": retractions, "user_id": "costly"})
    assert refused.status_code == 413, refused.text
    assert "--max-add-checks" in refused.json()["detail"]
    queued = {"messages": retractions, "user_id": "costly", "async_mode": True}
    event_id = _send(client, "POST", "/v1/memories/", queued).json()[0]["event_id"]
    event = _send(client, "GET", f"/v1/event/{event_id}/").json()
    assert event["status"] == "FAILED"
    assert "--max-add-checks" in event["error"]
    listed = _send(client, "GET", "/v1/memories/?user_id=costly&page_size=200").json()
    assert listed["count"] == 600  # nothing of a refused add is kept
