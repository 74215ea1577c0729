"""Memories to start from: a fixture file or inline entries, validated field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mockserver import FixtureError, Settings, create_app
from tests.mockserver.helpers import add, call


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
        "replaced_by": None,
        "created_at": "2026-01-01T00:00:00+00:00",
        "updated_at": "2026-01-01T00:00:00+00:00",
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
