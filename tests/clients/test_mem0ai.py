"""The official mem0ai 2.2.1 clients (the `[clients]` extra) against the mock, through the kit's
pytest plugin.

What a user of the plugin relies on: construction (the client pings and learns its org and
project; a wrong key is refused), add() queued on `POST /v3/memories/add/` and its memories then
listed and searched through v3 `filters`, update / history / delete by id, and each forced error
surfacing the way the client maps it (mem0/client/utils.py: `_handle_http_error`, the status
through `mem0.exceptions.HTTP_STATUS_TO_EXCEPTION`), with the contract's `detail` as the message.
Unlike 1.0.11, 2.2.1's error decorator awaits coroutines, so AsyncMemoryClient maps errors too.

mem0ai 1.0.11 is covered end to end in its own environment by tests/clients/test_scenarios.py.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mem0 import AsyncMemoryClient, MemoryClient
from mem0.exceptions import (
    AuthenticationError,
    MemoryNotFoundError,
    RateLimitError,
    ValidationError,
)
from mem0.exceptions import MemoryError as Mem0Error  # the base of the client's errors

from mem0kit.pytest_plugin import Mem0Mock

INTRODUCTION = "Hi, I'm Alice. I'm vegetarian and I live in Berlin."
FACTS = ["Name is Alice", "Is vegetarian", "Lives in Berlin"]
ADD = "/v3/memories/add/"
ERRORS = [
    pytest.param(400, ValidationError, marks=pytest.mark.mem0_mock(fail=400), id="400"),
    pytest.param(401, AuthenticationError, marks=pytest.mark.mem0_mock(fail=401), id="401"),
    pytest.param(429, RateLimitError, marks=pytest.mark.mem0_mock(fail=429), id="429"),
]


def _follow(mock: Mem0Mock, event_id: str) -> dict[str, Any]:
    response = httpx.get(
        f"{mock.url}/v1/event/{event_id}/", headers={"Authorization": f"Token {mock.api_key}"}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _last_detail(mock: Mem0Mock) -> str:
    (request,) = mock.requests(method="POST", path=ADD)
    detail: str = request.response["detail"]
    assert detail  # the contract's one sentence, non-empty
    return detail


def _id_of(client: MemoryClient, text: str, user_id: str) -> str:
    listed = client.get_all(filters={"user_id": user_id})
    (memory_id,) = [m["id"] for m in listed["results"] if m["memory"] == text]
    return str(memory_id)


def test_construction_pings_and_learns_org_and_project(
    mem0_client: MemoryClient, mem0_mock: Mem0Mock
) -> None:
    assert (mem0_client.org_id, mem0_client.project_id) == (
        mem0_mock.settings.org_id,
        mem0_mock.settings.project_id,
    )
    assert mem0_client.user_email == mem0_mock.settings.user_email
    (ping,) = mem0_mock.requests(method="GET", path="/v1/ping/")
    assert ping.status == 200
    assert mem0_mock.api_key not in str(ping.headers)  # the journal masks the key


def test_construction_with_a_wrong_key_is_refused(mem0_mock: Mem0Mock) -> None:
    # MemoryClient has no close(): the httpx.Client handed to it is closed by the `with`.
    with httpx.Client() as http, pytest.raises(ValueError) as raised:
        MemoryClient(api_key="not-the-key", host=mem0_mock.url, client=http)

    (ping,) = mem0_mock.requests(path="/v1/ping/")
    assert ping.status == 401
    assert str(raised.value) == f"Error: {ping.response['detail']}"


def test_add_is_queued_then_listed_and_searched(
    mem0_client: MemoryClient, mem0_mock: Mem0Mock
) -> None:
    result = mem0_client.add(INTRODUCTION, user_id="alice")  # v3 queues (infer: true)

    assert result["status"] == "PENDING" and "results" not in result
    (request,) = mem0_mock.requests(method="POST", path=ADD)
    assert request.body == {
        "messages": [{"role": "user", "content": INTRODUCTION}],
        "user_id": "alice",
    }
    # The queued work ran before the next request: the event has SUCCEEDED, the memories exist.
    listed = mem0_client.get_all(filters={"user_id": "alice"})
    assert [m["memory"] for m in listed["results"]] == FACTS
    outcome = _follow(mem0_mock, result["event_id"])
    assert outcome["status"] == "SUCCEEDED"
    assert [r["memory"] for r in outcome["results"]] == FACTS
    found = mem0_client.search("Where does Alice live?", filters={"user_id": "alice"})
    assert found["results"][0]["memory"] == "Lives in Berlin"
    assert mem0_client.search("Where does Alice live?", filters={"user_id": "bob"}) == {
        "results": []
    }
    for fact in FACTS:
        mem0_mock.assert_added(fact, user_id="alice")


def test_top_level_entity_ids_on_reads_are_refused_by_the_client(
    mem0_client: MemoryClient, mem0_mock: Mem0Mock
) -> None:
    with pytest.raises(ValueError, match="filters"):
        mem0_client.get_all(user_id="alice")
    with pytest.raises(ValueError, match="filters"):
        mem0_client.search("diet", user_id="alice")
    assert mem0_mock.requests(path="/v3/memories/") == []


def test_infer_false_stores_verbatim_and_answers_the_events(
    mem0_client: MemoryClient, mem0_mock: Mem0Mock
) -> None:
    result = mem0_client.add("I live in Berlin", user_id="alice", infer=False)

    assert result["status"] == "SUCCEEDED"
    assert [(r["event"], r["data"]["memory"]) for r in result["results"]] == [
        ("ADD", "I live in Berlin")
    ]
    mem0_mock.assert_added("I live in Berlin", user_id="alice")


def test_update_history_and_delete_by_id(mem0_client: MemoryClient, mem0_mock: Mem0Mock) -> None:
    mem0_client.add(INTRODUCTION, user_id="alice")
    memory_id = _id_of(mem0_client, "Lives in Berlin", "alice")

    assert mem0_client.get(memory_id)["memory"] == "Lives in Berlin"
    updated = mem0_client.update(memory_id, text="Lives in Lisbon")
    assert (updated["id"], updated["memory"]) == (memory_id, "Lives in Lisbon")
    history = mem0_client.history(memory_id)
    assert [(h["event"], h["old_memory"], h["new_memory"]) for h in history] == [
        ("ADD", None, "Lives in Berlin"),
        ("UPDATE", "Lives in Berlin", "Lives in Lisbon"),
    ]
    assert mem0_client.delete(memory_id) == {"message": "Memory deleted successfully!"}
    with pytest.raises(MemoryNotFoundError) as raised:
        mem0_client.get(memory_id)
    (gone,) = mem0_mock.requests(method="GET", path=f"/v1/memories/{memory_id}/", status=404)
    assert raised.value.message == gone.response["detail"]
    assert [m.memory for m in mem0_mock.memories(user_id="alice")] == FACTS[:2]


def test_delete_all_empties_the_scope(mem0_client: MemoryClient, mem0_mock: Mem0Mock) -> None:
    mem0_client.add(INTRODUCTION, user_id="alice")
    mem0_client.add("I have a dog named Rex.", user_id="bob")

    mem0_client.delete_all(user_id="alice")

    assert mem0_client.get_all(filters={"user_id": "alice"})["results"] == []
    assert [m.memory for m in mem0_mock.memories(user_id="bob")] == ["Has a dog named Rex"]


@pytest.mark.parametrize(("status", "expected"), ERRORS)
def test_forced_errors_map_to_the_client_exceptions(
    mem0_client: MemoryClient, mem0_mock: Mem0Mock, status: int, expected: type[Mem0Error]
) -> None:
    with pytest.raises(expected) as raised:
        mem0_client.add(INTRODUCTION, user_id="alice")

    error = raised.value
    assert type(error) is expected
    assert error.message == _last_detail(mem0_mock)
    assert error.error_code == f"HTTP_{status}"
    assert error.details["detail"] == error.message  # the whole error body
    assert error.debug_info["status_code"] == status


@pytest.mark.mem0_mock(fail=429)
def test_rate_limit_error_carries_the_retry_headers(mem0_client: MemoryClient) -> None:
    with pytest.raises(RateLimitError) as raised:
        mem0_client.add(INTRODUCTION, user_id="alice")

    debug = raised.value.debug_info
    assert isinstance(debug["retry_after"], int)
    assert {"x_ratelimit_limit", "x_ratelimit_remaining", "x_ratelimit_reset"} <= set(debug)


@pytest.mark.anyio
async def test_async_client_adds_lists_and_searches(mem0_mock: Mem0Mock) -> None:
    async with AsyncMemoryClient(api_key=mem0_mock.api_key, host=mem0_mock.url) as client:
        assert client.project_id == mem0_mock.settings.project_id
        queued = await client.add(INTRODUCTION, user_id="alice")
        listed = await client.get_all(filters={"user_id": "alice"})
        found = await client.search("Where does Alice live?", filters={"user_id": "alice"})

    assert queued["status"] == "PENDING"
    assert [m["memory"] for m in listed["results"]] == FACTS
    assert found["results"][0]["memory"] == "Lives in Berlin"
    mem0_mock.assert_added("Is vegetarian", user_id="alice")


def test_async_construction_with_a_wrong_key_is_refused(mem0_mock: Mem0Mock) -> None:
    with pytest.raises(ValueError) as raised:
        AsyncMemoryClient(api_key="not-the-key", host=mem0_mock.url)

    (ping,) = mem0_mock.requests(path="/v1/ping/")
    assert ping.status == 401
    assert str(raised.value) == f"Error: {ping.response['detail']}"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "expected"),
    [(400, ValidationError), (401, AuthenticationError), (429, RateLimitError)],
    ids=["400", "401", "429"],
)
async def test_async_client_maps_errors_too(
    mem0_mock: Mem0Mock, status: int, expected: type[Mem0Error]
) -> None:
    # The constructor pings (with `requests`), so a mock failing every request would refuse the
    # client; the mock's per-request control instead, sent on every later call of this client.
    async with AsyncMemoryClient(api_key=mem0_mock.api_key, host=mem0_mock.url) as client:
        client.async_client.headers["Prefer"] = f"code={status}"
        with pytest.raises(expected) as raised:
            await client.add(INTRODUCTION, user_id="alice")

    error = raised.value
    assert type(error) is expected
    assert error.message == _last_detail(mem0_mock)
    assert error.debug_info["status_code"] == status


@pytest.mark.anyio
async def test_async_client_maps_not_found(mem0_mock: Mem0Mock) -> None:
    async with AsyncMemoryClient(api_key=mem0_mock.api_key, host=mem0_mock.url) as client:
        with pytest.raises(MemoryNotFoundError) as raised:
            await client.get("00000000-0000-0000-0000-000000000000")

    (gone,) = mem0_mock.requests(method="GET", status=404)
    assert raised.value.message == gone.response["detail"]
