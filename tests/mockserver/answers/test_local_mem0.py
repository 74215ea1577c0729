"""The read-back operations answer from the same memories the adds wrote (`answers/*.py`), each
answer valid against its 200 schema in openapi.yaml."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver import Settings, create_app
from tests.mockserver.helpers import AUTH, call, response_schema

MOCK = {"X-Mem0-Mock": "1"}  # what the inspection API asks of a call that changes state
USER = {"user_id": "alex"}


def _v3_add(app: Any, text: str, **extra: Any) -> dict[str, Any]:
    body = {"messages": [{"role": "user", "content": text}], **USER, **extra}
    response = call(app, "POST", "/v3/memories/add/", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response_schema("/v3/memories/add/", "post", 200).is_valid(response.json())
    return dict(response.json())


def _list(app: Any, **body: Any) -> list[dict[str, Any]]:
    body = {"filters": USER, **body}
    response = call(app, "POST", "/v3/memories/", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response_schema("/v3/memories/", "post", 200).is_valid(response.json())
    return list(response.json()["results"])


@pytest.fixture
def app() -> Any:
    return create_app(Settings(seed=3))


def test_a_v3_add_is_queued_then_done_before_the_next_request(app: Any) -> None:
    queued = _v3_add(app, "I live in Berlin and I love hiking.")
    assert queued["status"] == "PENDING"
    event = call(app, "GET", f"/v1/event/{queued['event_id']}/", headers=AUTH).json()
    assert event["status"] == "SUCCEEDED"
    assert {r["memory"] for r in event["results"]} == {m["memory"] for m in _list(app)}
    assert all(r["event"] == "ADD" for r in event["results"])


def test_a_v3_add_supersedes_instead_of_updating_and_latest_only_hides_the_old(app: Any) -> None:
    _v3_add(app, "I live in Berlin.")
    _v3_add(app, "I moved to Lisbon.")
    memories = {m["memory"]: m for m in _list(app)}
    assert memories["Lives in Berlin"]["replaced_by"] == memories["Lives in Lisbon"]["id"]
    assert [m["memory"] for m in _list(app, latest_only=True)] == ["Lives in Lisbon"]


def test_exact_repeats_are_dropped_and_infer_false_is_synchronous(app: Any) -> None:
    first = _v3_add(app, "Prefers window seats.", infer=False)
    assert first["status"] == "SUCCEEDED"
    assert [r["event"] for r in first["results"]] == ["ADD"]
    assert _v3_add(app, "Prefers window seats.", infer=False)["results"] == []
    assert len(_list(app)) == 1


def test_v3_reads_refuse_top_level_entity_ids_and_filters_without_one(app: Any) -> None:
    search = {"query": "berlin", "filters": USER, **USER}
    refused = call(app, "POST", "/v3/memories/search/", json=search, headers=AUTH)
    assert refused.status_code == 400
    assert refused.json()["details"]["errors"][0]["field"] == "user_id"
    no_entity = {"filters": {"categories": {"contains": "food"}}}
    answer = call(app, "POST", "/v3/memories/", json=no_entity, headers=AUTH)
    assert answer.status_code == 400
    assert "at least one of user_id" in answer.json()["detail"]


def test_search_finds_what_the_add_stored_in_its_scope_only(app: Any) -> None:
    _v3_add(app, "I live in Berlin.")
    _v3_add(app, "I live in Madrid.", user_id="sam")
    body = {"query": "where do I live", "filters": USER}
    response = call(app, "POST", "/v3/memories/search/", json=body, headers=AUTH)
    assert response_schema("/v3/memories/search/", "post", 200).is_valid(response.json())
    assert [hit["memory"] for hit in response.json()["results"]] == ["Lives in Berlin"]
    v2 = call(app, "POST", "/v2/memories/search/", json=body, headers=AUTH).json()
    assert [hit["memory"] for hit in v2] == ["Lives in Berlin"] and "session_id" in v2[0]
    v1 = {"query": "where do I live", **USER}
    assert [
        h["memory"] for h in call(app, "POST", "/v1/memories/search/", json=v1, headers=AUTH).json()
    ] == ["Lives in Berlin"]


def test_get_update_history_delete_by_id(app: Any) -> None:
    _v3_add(app, "I live in Berlin.")
    (memory,) = _list(app)
    path = f"/v1/memories/{memory['id']}/"
    assert call(app, "GET", path, headers=AUTH).json()["memory"] == "Lives in Berlin"
    updated = call(app, "PUT", path, json={"text": "Lives in Porto"}, headers=AUTH)
    assert updated.json()["memory"] == "Lives in Porto"
    history = call(app, "GET", f"{path}history/", headers=AUTH).json()
    assert response_schema("/v1/memories/{memory_id}/history/", "get", 200).is_valid(history)
    assert [(h["event"], h["old_memory"], h["new_memory"]) for h in history] == [
        ("ADD", None, "Lives in Berlin"),
        ("UPDATE", "Lives in Berlin", "Lives in Porto"),
    ]
    assert call(app, "DELETE", path, headers=AUTH).json() == {
        "message": "Memory deleted successfully!"
    }
    assert call(app, "GET", path, headers=AUTH).status_code == 404
    assert call(app, "GET", f"{path}history/", headers=AUTH).json()[-1]["event"] == "DELETE"
    assert call(app, "GET", "/v1/memories/not-a-uuid/", headers=AUTH).json()["detail"] == (
        "memory_id: must be a UUID."
    )


def test_an_immutable_memory_refuses_put_and_a_batch_with_it_changes_nothing(app: Any) -> None:
    _v3_add(app, "I live in Berlin.", immutable=True)
    _v3_add(app, "I love hiking.")
    fixed, free = _list(app)
    refused = call(app, "PUT", f"/v1/memories/{fixed['id']}/", json={"text": "x"}, headers=AUTH)
    assert refused.status_code == 400 and "immutable" in refused.json()["detail"]
    batch = {
        "memories": [
            {"memory_id": free["id"], "text": "y"},
            {"memory_id": fixed["id"], "text": "z"},
        ]
    }
    assert call(app, "PUT", "/v1/batch/", json=batch, headers=AUTH).status_code == 400
    assert [m["memory"] for m in _list(app)] == [fixed["memory"], free["memory"]]


def test_delete_all_needs_an_entity_id_and_deletes_only_its_memories(app: Any) -> None:
    _v3_add(app, "I live in Berlin.")
    _v3_add(app, "I live in Madrid.", user_id="sam")
    assert call(app, "DELETE", "/v1/memories/", headers=AUTH).status_code == 400
    assert call(app, "DELETE", "/v1/memories/?user_id=alex", headers=AUTH).status_code == 200
    assert _list(app) == []
    entities = call(app, "GET", "/v1/entities/", headers=AUTH).json()
    assert [(e["type"], e["name"]) for e in entities["results"]] == [("user", "sam")]


def test_held_events_stay_pending_and_a_failed_one_writes_nothing(app: Any) -> None:
    assert call(app, "POST", "/_mock/queue?hold=PENDING", headers=MOCK).json() == {
        "held": "PENDING",
        "waiting": 0,
    }
    kept = _v3_add(app, "I live in Berlin.")
    failed = _v3_add(app, "I love hiking.")
    assert (
        call(app, "GET", f"/v1/event/{kept['event_id']}/", headers=AUTH).json()["status"]
        == "PENDING"
    )
    assert _list(app) == []
    call(app, "POST", f"/_mock/queue?fail={failed['event_id']}&error=boom", headers=MOCK)
    call(app, "POST", "/_mock/queue?release=true", headers=MOCK)
    assert [m["memory"] for m in _list(app)] == ["Lives in Berlin"]
    event = call(app, "GET", f"/v1/event/{failed['event_id']}/", headers=AUTH).json()
    assert (event["status"], event["error"]) == ("FAILED", "boom")


def test_client_calls_outside_the_contract_get_501_naming_them_and_keep_their_body(
    app: Any,
) -> None:
    answer = call(app, "POST", "/v1/feedback/", json={"memory_id": "m"}, headers=AUTH)
    assert answer.status_code == 501 and "client.feedback()" in answer.json()["detail"]
    assert call(app, "GET", "/v1/memories/events/", headers=AUTH).status_code == 501
    entry = call(app, "GET", "/_mock/journal?limit=2").json()["entries"][0]
    assert entry["body"] == {"memory_id": "m"}


def test_pages_link_to_the_next_and_previous(app: Any) -> None:
    for city in ("Berlin", "Madrid", "Paris"):
        _v3_add(app, f"Prefers {city}.", infer=False)
    page = call(
        app, "POST", "/v3/memories/?page=2&page_size=1", json={"filters": USER}, headers=AUTH
    ).json()
    assert page["count"] == 3 and len(page["results"]) == 1
    assert "page=3" in page["next"] and "page=1" in page["previous"]
    assert (
        call(app, "POST", "/v3/memories/?page=0", json={"filters": USER}, headers=AUTH).status_code
        == 400
    )


def test_the_same_requests_give_the_same_bytes() -> None:
    def run() -> list[bytes]:
        app = create_app(Settings(seed=5))
        _v3_add(app, "I live in Berlin.")
        return [
            call(app, "POST", "/v3/memories/", json={"filters": USER}, headers=AUTH).content,
            call(
                app,
                "POST",
                "/v3/memories/search/",
                json={"query": "Berlin", "filters": USER},
                headers=AUTH,
            ).content,
        ]

    assert run() == run()
