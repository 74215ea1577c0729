"""The ASGI app in-process: response shapes, every field's effect, routing, CORS, the guard."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from mockserver import Settings, create_app
from mockserver.answers.memories import add_memories
from mockserver.http.messages import Reply
from tests.mockserver.helpers import AUTH, MESSAGES, add, call, response_schema

ADD_200 = response_schema("/v1/memories/", "post", 200)
ERROR = response_schema("/v1/memories/", "post", 400)
VALID_ADD = {"messages": MESSAGES, "user_id": "alex", "infer": False}


@pytest.mark.parametrize(
    ("options", "shape"),
    [
        ({}, "v1.0 events"),
        ({"output_format": None}, "v1.0 events"),
        ({"output_format": "v1.0"}, "v1.0 events"),
        ({"output_format": "v1.1"}, "v1.1 events"),
        ({"async_mode": True}, "v1.0 queued"),
        ({"async_mode": True, "output_format": "v1.1"}, "v1.1 queued"),
    ],
    ids=["default", "null-format", "v1.0", "v1.1", "v1.0-async", "v1.1-async"],
)
def test_add_answers_in_the_shape_output_format_and_async_mode_ask_for(
    app: Any, options: dict[str, Any], shape: str
) -> None:
    response = add(app, {"messages": MESSAGES, "user_id": "alex", **options})
    assert response.status_code == 200
    body = response.json()
    assert ADD_200.is_valid(body)
    items = body if isinstance(body, list) else body["results"]
    assert isinstance(body, list) == shape.startswith("v1.0")
    assert items
    if shape.endswith("queued"):
        assert [set(item) for item in items] == [{"message", "status", "event_id"}]
        assert items[0]["status"] == "PENDING"
    elif shape.startswith("v1.0"):
        assert all(set(item) == {"id", "data", "event"} for item in items)
    else:
        assert all({"id", "memory", "event"} <= set(item) for item in items)


def test_a_queued_add_is_processed_at_once_and_its_event_holds_the_sync_results() -> None:
    body = {"messages": MESSAGES, "user_id": "alex", "output_format": "v1.1"}
    synchronous = add(create_app(Settings(seed=4)), body).json()["results"]
    queued_app = create_app(Settings(seed=4))
    queued = add(queued_app, {**body, "async_mode": True}).json()["results"][0]
    event = call(queued_app, "GET", f"/v1/event/{queued['event_id']}/", headers=AUTH)
    assert event.status_code == 200
    assert response_schema("/v1/event/{event_id}/", "get", 200).is_valid(event.json())
    shown = event.json()
    assert (shown["id"], shown["status"]) == (queued["event_id"], "SUCCEEDED")
    # The sync results, with what mem0-cli reads of an event's results beside them.
    assert [{k: r[k] for k in ("id", "memory", "event")} for r in shown["results"]] == [
        {k: r[k] for k in ("id", "memory", "event")} for r in synchronous
    ]
    assert all(r["data"] == {"memory": r["memory"]} for r in shown["results"])
    assert all(r["user_id"] == "alex" for r in shown["results"])
    assert (shown["event_type"], shown["error"]) == ("ADD", None)
    assert call(queued_app, "GET", "/_mock/memories").json()["memories"]


def test_an_update_carries_previous_memory_in_v1_1(app: Any) -> None:
    add(app, {"messages": [{"role": "user", "content": "I live in Berlin."}], "user_id": "a"})
    moved = {"messages": [{"role": "user", "content": "I moved to Lisbon."}], "user_id": "a"}
    results = add(app, {**moved, "output_format": "v1.1"}).json()["results"]
    updates = [item for item in results if item["event"] == "UPDATE"]
    assert updates
    assert all(item["previous_memory"] for item in updates)
    assert all("previous_memory" not in item for item in results if item["event"] != "UPDATE")


def test_infer_false_stores_user_and_assistant_messages_verbatim_but_never_system(app: Any) -> None:
    messages = [
        {"role": "system", "content": "You are a travel assistant."},
        {"role": "user", "content": "Book the 9:40 train to Porto on Friday."},
        {"role": "assistant", "content": "  Booked seat 42.  "},
    ]
    body = {"messages": messages, "agent_id": "bot", "infer": False}
    events = add(app, body).json()
    assert [(e["event"], e["data"]["memory"]) for e in events] == [
        ("ADD", "Book the 9:40 train to Porto on Friday."),
        ("ADD", "  Booked seat 42.  "),
    ]
    stored = call(app, "GET", "/_mock/memories?agent_id=bot").json()["memories"]
    assert [m["id"] for m in stored] == [e["id"] for e in events]


def test_memories_keep_what_the_add_said_about_them(app: Any) -> None:
    body = {
        "messages": [{"role": "user", "content": "Remember: gate code 4711"}],
        "user_id": "alex",
        "infer": False,
        "metadata": {"source": "chat", "n": 1},
        "immutable": True,
        "expiration_date": "2030-12-31",
        "custom_categories": [{"security": "codes and keys"}, {"home": "the house"}],
        "unknown_extra": {"ignored": True},
    }
    assert add(app, body).status_code == 200
    (memory,) = call(app, "GET", "/_mock/memories?user_id=alex").json()["memories"]
    assert memory["metadata"] == {"source": "chat", "n": 1}
    assert memory["immutable"] is True
    assert memory["expiration_date"] == "2030-12-31"
    assert memory["scope"] == {
        "org_id": "org_mock",
        "project_id": "proj_mock",
        "user_id": "alex",
        "agent_id": None,
        "app_id": None,
        "run_id": None,
    }


@pytest.mark.parametrize(
    "scope",
    [
        {"user_id": "alex", "org_id": "org_other"},
        {"user_id": "alex", "project_id": "proj_other"},
        {"user_id": "alex", "agent_id": "bot"},
        {"user_id": "alex", "run_id": "r1"},
        {"app_id": "app"},
    ],
    ids=["org", "project", "agent", "run", "app-only"],
)
def test_each_scope_id_separates_memories(app: Any, scope: dict[str, str]) -> None:
    text = [{"role": "user", "content": "same words"}]
    first = add(app, {"messages": text, "user_id": "alex", "infer": False}).json()
    second = add(app, {"messages": text, **scope, "infer": False}).json()
    assert [e["event"] for e in second] == ["ADD"]
    assert second[0]["id"] != first[0]["id"]
    assert len(call(app, "GET", "/_mock/memories").json()["memories"]) == 2


def test_empty_scope_ids_count_as_absent(app: Any) -> None:
    body = {"messages": MESSAGES, "user_id": "alex", "agent_id": "", "infer": False}
    add(app, body)
    (memory,) = call(app, "GET", "/_mock/memories").json()["memories"]
    assert memory["scope"]["agent_id"] is None


def test_the_same_words_twice_in_a_scope_add_once(app: Any) -> None:
    body = {"messages": [{"role": "user", "content": "note"}], "user_id": "u", "infer": False}
    assert len(add(app, body).json()) == 1
    assert add(app, body).json() == []


def test_stateless_remembers_nothing_and_repeats_its_answers() -> None:
    app = create_app(Settings(stateless=True))
    body = {"messages": [{"role": "user", "content": "note"}], "user_id": "u", "infer": False}
    first, second = add(app, body).json(), add(app, body).json()
    assert first == second
    assert [e["event"] for e in first] == ["ADD"]
    assert call(app, "GET", "/_mock/memories").json() == {"memories": []}


def test_ping_names_the_keys_org_and_project() -> None:
    app = create_app(Settings(org_id="org_1", project_id="proj_2", user_email="a@b.c"))
    response = call(app, "GET", "/v1/ping/", headers=AUTH)
    assert response.status_code == 200
    assert response_schema("/v1/ping/", "get", 200).is_valid(response.json())
    assert response.json() == {
        "status": "ok",
        "org_id": "org_1",
        "project_id": "proj_2",
        "user_email": "a@b.c",
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/v1/memories"), ("GET", "/v1/ping"), ("GET", "/v1/event/nope")],
    ids=["memories", "ping", "event"],
)
def test_paths_without_the_trailing_slash_are_served_not_redirected(
    app: Any, method: str, path: str
) -> None:
    body = {"json": {"messages": MESSAGES, "user_id": "a"}} if method == "POST" else {}
    response = call(app, method, path, headers=AUTH, **body)
    assert response.status_code in (200, 404)
    assert "location" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", "/v1/memories/", "DELETE, GET, POST"),
        ("GET", "/v3/memories/add/", "POST"),
        ("PURGE", "/v1/memories/", "DELETE, GET, POST"),
        ("POST", "/v1/ping/", "GET"),
        ("PUT", "/v1/event/abc/", "GET"),
        ("GET", "/_mock/reset", "POST"),
    ],
    ids=["patch-memories", "get-v3-add", "custom-method", "post-ping", "put-event", "get-reset"],
)
def test_other_methods_get_405_with_allow_in_the_envelope(
    app: Any, method: str, path: str, allow: str
) -> None:
    response = call(app, method, path, headers=AUTH)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert ERROR.is_valid(response.json())


def test_unknown_paths_get_404_in_the_envelope(app: Any) -> None:
    response = call(app, "GET", "/v9/memories/", headers=AUTH)
    assert response.status_code == 404
    assert ERROR.is_valid(response.json())
    assert "/v1/memories/" in response.json()["detail"]


def test_cors_preflight_is_answered_and_headers_are_exposed(app: Any) -> None:
    preflight = call(
        app,
        "OPTIONS",
        "/v1/memories/",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type, prefer",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    answer = call(app, "GET", "/v1/ping/", headers={**AUTH, "Origin": "http://localhost:5173"})
    exposed = answer.headers["access-control-expose-headers"].lower()
    assert {"retry-after", "x-ratelimit-remaining", "x-request-id"} <= set(exposed.split(", "))


def test_answers_without_an_origin_still_vary_on_it(app: Any) -> None:
    # A cache in front of the mock must not serve a no-Origin answer to a browser page, or back.
    for path in ("/v1/ping/", "/nowhere"):  # /_mock/ has no CORS by default (test_cors.py)
        answer = call(app, "GET", path, headers=AUTH)
        assert answer.headers["vary"] == "Origin"
        assert "access-control-allow-origin" not in answer.headers
    browser = call(app, "GET", "/v1/ping/", headers={**AUTH, "Origin": "http://localhost:5173"})
    assert browser.headers["access-control-allow-origin"] == "*"


def test_cors_can_be_limited_to_origins_or_turned_off() -> None:
    limited = create_app(Settings(cors_origins=("http://app.local",)))
    allowed = call(limited, "GET", "/v1/ping/", headers={**AUTH, "Origin": "http://app.local"})
    other = call(limited, "GET", "/v1/ping/", headers={**AUTH, "Origin": "http://evil.local"})
    assert allowed.headers["access-control-allow-origin"] == "http://app.local"
    assert "access-control-allow-origin" not in other.headers
    off = create_app(Settings(cors_origins=()))
    answer = call(off, "GET", "/v1/ping/", headers={**AUTH, "Origin": "http://app.local"})
    assert "access-control-allow-origin" not in answer.headers


def test_inspection_can_be_turned_off() -> None:
    app = create_app(Settings(inspection=False))
    assert call(app, "GET", "/_mock/health").status_code == 404


def test_an_unhandled_error_becomes_the_500_envelope_and_is_recorded(app: Any) -> None:
    # An answer holding a value that cannot be written as JSON: it fails while being encoded.
    async def unencodable(state: Any, request: Any, body: Any) -> Reply:
        return Reply({"metadata": {"x": object()}})

    app.override("addMemories", unencodable)
    response = add(app, {"messages": MESSAGES, "user_id": "u"})
    assert response.status_code == 500
    assert ERROR.is_valid(response.json())
    assert "Traceback" not in response.text
    (error,) = app.errors
    assert isinstance(error, TypeError)


def test_a_lone_surrogate_is_stored_and_answered_as_an_escape(app: Any) -> None:
    content = (
        b'{"messages": [{"role": "user", "content": "bad \\udc80 text"}], '
        b'"user_id": "u", "infer": false}'
    )
    headers = {**AUTH, "Content-Type": "application/json"}
    response = call(app, "POST", "/v1/memories/", content=content, headers=headers)
    assert response.status_code == 200
    assert b"\\udc80" in response.content
    assert response.json()[0]["data"]["memory"] == "bad \udc80 text"


def test_a_refused_preflight_gets_the_envelope() -> None:
    app = create_app(Settings(cors_origins=("http://app.local",)))
    headers = {"Origin": "http://evil.local", "Access-Control-Request-Method": "POST"}
    response = call(app, "OPTIONS", "/v1/memories/", headers=headers)
    assert response.status_code == 400
    assert ERROR.is_valid(response.json())
    assert "origin" in response.json()["detail"]


def test_a_large_add_leaves_the_loop_but_its_scope_keeps_arrival_order() -> None:
    app = create_app(Settings())
    many = [{"role": "user", "content": f"note {n}"} for n in range(300)]
    large = {"messages": many, "user_id": "u", "infer": False}
    small = {"messages": many[:1], "user_id": "u", "infer": False}
    other = {"messages": many[:1], "user_id": "someone-else", "infer": False}

    async def together() -> list[httpx.Response]:
        # The real answer, signalling when the large add reaches it and when it has answered.
        arrived, answered = asyncio.Event(), asyncio.Event()

        async def signalled(state: Any, request: Any, body: Any) -> Reply:
            is_large = len(body["messages"]) == len(many)
            if is_large:
                arrived.set()
            reply = await add_memories(state, request, body)
            if is_large:
                answered.set()
            return reply

        app.override("addMemories", signalled)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://mock.test") as client:

            async def post(body: dict[str, Any]) -> httpx.Response:
                return await client.post("/v1/memories/", json=body, headers=AUTH)

            first = asyncio.create_task(post(large))
            await asyncio.wait_for(arrived.wait(), timeout=30)
            # The loop runs this test again before the large add has answered: it is being
            # reconciled in a worker thread, its scope held for the adds after it.
            assert not answered.is_set()
            return list(await asyncio.gather(first, post(small), post(other)))

    large_answer, small_answer, other_answer = asyncio.run(together())
    assert len(large_answer.json()) == 300
    assert small_answer.json() == []  # it waited for the large add and saw "note 0" stored
    assert [e["event"] for e in other_answer.json()] == ["ADD"]
    sequential = create_app(Settings())
    assert add(sequential, large).content == large_answer.content


def said(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def memories_of(app: Any, user: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = call(app, "GET", f"/_mock/memories?user_id={user}").json()[
        "memories"
    ]
    return found


@pytest.mark.parametrize(
    ("option", "kept"),
    [
        ({}, {"Lives in Berlin", "Likes sushi"}),
        ({"includes": "food"}, {"Likes sushi"}),
        ({"excludes": "location"}, {"Likes sushi"}),
    ],
    ids=["neither", "includes", "excludes"],
)
def test_includes_and_excludes_choose_the_facts_kept(
    app: Any, option: dict[str, str], kept: set[str]
) -> None:
    body = {"messages": said("I live in Berlin and I like sushi."), "user_id": "a", **option}
    assert {e["data"]["memory"] for e in add(app, body).json()} == kept
    assert {m["memory"] for m in memories_of(app, "a")} == kept


def test_custom_categories_tag_the_memories(app: Any) -> None:
    body = {"messages": said("I like sushi."), "user_id": "a"}
    add(app, {**body, "custom_categories": [{"cuisine": "food and eating"}]})
    add(app, {**body, "user_id": "b"})
    assert memories_of(app, "a")[0]["categories"] == ["cuisine"]
    assert "cuisine" not in memories_of(app, "b")[0]["categories"]


def test_an_immutable_memory_is_never_updated(app: Any) -> None:
    add(app, {"messages": said("I live in Berlin."), "user_id": "a", "immutable": True})
    moved = add(app, {"messages": said("I moved to Lisbon."), "user_id": "a"}).json()
    assert [e["event"] for e in moved] == ["ADD"]
    assert [m["memory"] for m in memories_of(app, "a")] == ["Lives in Berlin", "Lives in Lisbon"]


@pytest.mark.parametrize(
    ("today", "event"), [("2025-01-01", "UPDATE"), ("2026-01-01", "ADD")], ids=["live", "expired"]
)
def test_an_expired_memory_stops_counting_on_the_mocks_date(today: str, event: str) -> None:
    app = create_app(Settings.from_mapping({"today": today}))
    first = {"messages": said("I live in Berlin."), "user_id": "a"}
    add(app, {**first, "expiration_date": "2025-06-01"})
    moved = add(app, {"messages": said("I moved to Lisbon."), "user_id": "a"}).json()
    assert [e["event"] for e in moved] == [event]


def test_version_custom_instructions_and_unknown_fields_are_accepted_without_effect() -> None:
    plain = {"messages": said("I live in Berlin and I like sushi."), "user_id": "a"}
    extras = {
        "version": "v2",
        "custom_instructions": "Keep only food.",
        "timestamp": 1_700_000_000,
        "enable_graph": True,
        "filters": {"user_id": "a"},
    }
    first = add(create_app(Settings()), plain)
    second = add(create_app(Settings()), {**plain, **extras})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content


def test_an_override_answers_only_after_every_gate_has_passed(app: Any) -> None:
    async def fixed(state: Any, request: Any, body: Any) -> Reply:
        return Reply({"overridden": body["user_id"]})

    app.override("addMemories", fixed)
    assert add(app, {"messages": MESSAGES, "user_id": "alex"}).json() == {"overridden": "alex"}
    assert add(app, {"messages": MESSAGES}).status_code == 400
    unauthorised = call(app, "POST", "/v1/memories/", json={"messages": MESSAGES, "user_id": "a"})
    assert unauthorised.status_code == 401
    assert add(app, VALID_ADD, headers={"Prefer": "code=503"}).status_code == 503


def test_an_override_of_an_operation_the_spec_lacks_is_refused(app: Any) -> None:
    async def fixed(state: Any, request: Any, body: Any) -> Reply:
        return Reply({})

    with pytest.raises(KeyError, match="purgeMemories"):
        app.override("purgeMemories", fixed)


def test_reset_is_post_mock_reset_and_settings_are_what_the_app_was_built_from() -> None:
    settings = Settings(seed=7, memories=({"memory": "Lives in Berlin", "user_id": "alex"},))
    app = create_app(settings)
    assert app.settings is settings
    add(app, VALID_ADD)
    app.reset()
    memories = call(app, "GET", "/_mock/memories").json()["memories"]
    assert [m["memory"] for m in memories] == ["Lives in Berlin"]
    assert call(app, "GET", "/_mock/journal").json() == {"entries": []}
