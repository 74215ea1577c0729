"""The store's bounds, which keep the mock's memory flat: memories per scope, scopes, queued
outcomes and the memories' total text."""

from __future__ import annotations

from typing import Any

from mockserver import Settings, create_app
from tests.mockserver.helpers import AUTH, add, call


def note(app: Any, *texts: str, **scope: str) -> Any:
    messages = [{"role": "user", "content": text} for text in texts]
    return add(app, {"messages": messages, "infer": False, **scope})


def test_the_oldest_memories_of_a_full_scope_are_evicted_and_ids_stay_fresh() -> None:
    app = create_app(Settings(max_memories_per_scope=2))
    first = note(app, "one", "two", user_id="u").json()
    third = note(app, "three", user_id="u").json()
    memories = call(app, "GET", "/_mock/memories").json()["memories"]
    assert [m["memory"] for m in memories] == ["two", "three"]
    again = note(app, "one", user_id="u").json()
    assert again[0]["event"] == "ADD"
    assert again[0]["id"] not in {e["id"] for e in first + third}


def test_one_scope_too_many_gets_429_with_its_headers_until_reset() -> None:
    app = create_app(Settings(max_scopes=1))
    assert note(app, "x", user_id="a").status_code == 200
    refused = note(app, "x", user_id="b")
    assert refused.status_code == 429
    assert {"retry-after", "x-ratelimit-limit", "x-ratelimit-remaining"} <= set(refused.headers)
    assert "--max-scopes" in refused.json()["detail"]
    assert note(app, "y", user_id="a").status_code == 200
    call(app, "POST", "/_mock/reset", headers={"X-Mem0-Mock": "1"})
    assert note(app, "x", user_id="b").status_code == 200


def test_the_oldest_queued_outcomes_are_forgotten_first() -> None:
    app = create_app(Settings(max_events=1))
    body = {"messages": [{"role": "user", "content": "x"}], "infer": False, "async_mode": True}
    first = add(app, {**body, "user_id": "a"}).json()[0]["event_id"]
    second = add(app, {**body, "user_id": "b"}).json()[0]["event_id"]
    assert call(app, "GET", f"/v1/event/{first}/", headers=AUTH).status_code == 404
    assert call(app, "GET", f"/v1/event/{second}/", headers=AUTH).status_code == 200


def test_the_stores_text_is_bounded_and_a_reset_empties_it() -> None:
    app = create_app(Settings(max_store_chars=100))
    assert note(app, "x" * 60, user_id="a").status_code == 200
    refused = note(app, "y" * 60, user_id="b")
    assert refused.status_code == 429
    assert "--max-store-chars" in refused.json()["detail"]
    assert note(app, "z" * 30, user_id="a").status_code == 200
    assert call(app, "GET", "/_mock/health").json()["memories"] == 2
    call(app, "POST", "/_mock/reset", headers={"X-Mem0-Mock": "1"})
    assert note(app, "y" * 60, user_id="b").status_code == 200


def test_evicted_memories_give_their_room_back() -> None:
    app = create_app(Settings(max_store_chars=100, max_memories_per_scope=1))
    for letter in "abcdef":
        assert note(app, letter * 40, user_id="a").status_code == 200
