"""Fixtures of memories, and the bounds that keep the mock's memory flat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mockserver import FixtureError, Settings, create_app
from tests.mockserver.helpers import AUTH, add, call


def note(app: Any, *texts: str, **scope: str) -> Any:
    messages = [{"role": "user", "content": text} for text in texts]
    return add(app, {"messages": messages, "infer": False, **scope})


@pytest.mark.parametrize("wrapped", [True, False], ids=["object", "bare-list"])
def test_a_fixture_file_is_loaded_in_both_forms(tmp_path: Path, wrapped: bool) -> None:
    entries = [
        {
            "id": "mem-1",
            "memory": "Lives in Berlin",
            "user_id": "alex",
            "subject": "residence",
            "immutable": True,
            "expiration_date": "2030-01-01",
            "categories": ["travel"],
            "metadata": {"source": "crm"},
        },
        {"memory": "Likes tea", "agent_id": "bot", "org_id": "org_x", "project_id": "proj_y"},
    ]
    path = tmp_path / "memories.json"
    path.write_text(json.dumps({"memories": entries} if wrapped else entries))
    memories = call(create_app(Settings(memories_file=path)), "GET", "/_mock/memories").json()
    first, second = memories["memories"]
    assert first == {
        "id": "mem-1",
        "memory": "Lives in Berlin",
        "scope": {"org_id": "org_mock", "project_id": "proj_mock", "user_id": "alex",
                  "agent_id": None, "app_id": None, "run_id": None},
        "subject": "residence",
        "categories": ["travel"],
        "metadata": {"source": "crm"},
        "immutable": True,
        "expiration_date": "2030-01-01",
    }  # fmt: skip
    assert second["scope"]["org_id"] == "org_x"
    assert second["id"]


def test_fixture_ids_are_deterministic_and_never_reused_by_adds() -> None:
    fixture = ({"memory": "note", "user_id": "u"},)
    first = call(create_app(Settings(memories=fixture)), "GET", "/_mock/memories").json()
    again = call(create_app(Settings(memories=fixture)), "GET", "/_mock/memories").json()
    assert first == again
    app = create_app(Settings(memories=fixture))
    added = note(app, "other", user_id="u").json()
    assert added[0]["id"] != first["memories"][0]["id"]


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ({"memory": "x"}, "list of memories"),
        (["x"], "memories[0] must be an object"),
        ([{"memory": "x"}], "at least one of user_id"),
        ([{"memory": "", "user_id": "u"}], "memories[0].memory"),
        ([{"memory": "x", "user_id": "u", "colour": "red"}], "unknown field(s) colour"),
        ([{"memory": "x", "user_id": "u", "expiration_date": "2026-02-30"}], "expiration_date"),
        ([{"memory": "x", "user_id": "u", "immutable": "yes"}], "immutable"),
        ([{"memory": "x", "user_id": "u", "categories": "food"}], "categories"),
        ([{"memory": "x", "user_id": "u", "metadata": [1]}], "metadata"),
        ([{"memory": "x", "user_id": 7}], "user_id must be a string"),
        ([{"id": "a", "memory": "x", "user_id": "u"}, {"id": "a", "memory": "y", "user_id": "u"}],
         "used twice"),
    ],
    ids=["no-list", "not-object", "no-scope", "empty-memory", "unknown-field", "bad-date",
         "immutable", "categories", "metadata", "scope-type", "duplicate-id"],
)  # fmt: skip
def test_a_bad_fixture_fails_at_start_naming_the_entry_and_field(
    tmp_path: Path, entries: Any, words: str
) -> None:
    path = tmp_path / "memories.json"
    path.write_text(json.dumps(entries))
    with pytest.raises(FixtureError) as raised:
        create_app(Settings(memories_file=path))
    assert words in str(raised.value)


@pytest.mark.parametrize(
    ("content", "words"), [(None, "Cannot read"), ("{", "not valid JSON")], ids=["missing", "json"]
)
def test_an_unreadable_fixture_file_fails_clearly(
    tmp_path: Path, content: str | None, words: str
) -> None:
    path = tmp_path / "memories.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(FixtureError, match=words):
        create_app(Settings(memories_file=path))


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
    call(app, "POST", "/_mock/reset")
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
    call(app, "POST", "/_mock/reset")
    assert note(app, "y" * 60, user_id="b").status_code == 200


def test_evicted_memories_give_their_room_back() -> None:
    app = create_app(Settings(max_store_chars=100, max_memories_per_scope=1))
    for letter in "abcdef":
        assert note(app, letter * 40, user_id="a").status_code == 200
