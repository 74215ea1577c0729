"""The /_mock/ inspection API: health, journal, memories, reset, its own OpenAPI document, and the
journal page at /_mock/ (drawn in a browser by tests/browser/test_journal_page.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema_rs
import pytest
import yaml
from openapi_spec_validator import validate
from starlette.applications import Starlette
from starlette.routing import Mount

from mem0spec import bundled
from mockserver import Settings, create_app
from mockserver.http.inspection import INSPECTION_SPEC_PATH
from tests.mockserver.helpers import AUTH, add, call

INSPECTION = yaml.safe_load(INSPECTION_SPEC_PATH.read_text(encoding="utf-8"))


def answer_schema(path: str, method: str = "get") -> Any:
    schema = INSPECTION["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    root = {**schema["schema"], "components": INSPECTION["components"]}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def note(app: Any, text: str, **scope: str) -> None:
    body = {"messages": [{"role": "user", "content": text}], "infer": False, **scope}
    assert add(app, body).status_code == 200


def test_the_inspection_document_is_valid_openapi_and_served() -> None:
    validate(INSPECTION)
    response = call(create_app(), "GET", "/_mock/openapi.yaml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(response.text) == INSPECTION


def test_health_counts_scopes_memories_and_requests(app: Any) -> None:
    note(app, "one", user_id="a")
    note(app, "two", user_id="b")
    health = call(app, "GET", "/_mock/health").json()
    assert answer_schema("/_mock/health").is_valid(health)
    assert health == {"status": "ok", "seed": 0, "scopes": 2, "memories": 2, "requests": 2}


def test_the_journal_shows_requests_and_answers_newest_last_with_the_key_masked(app: Any) -> None:
    note(app, "first", user_id="a")
    call(app, "GET", "/v1/ping/", headers={**AUTH, "X-Trace": "t1"}, params={"q": "1"})
    journal = call(app, "GET", "/_mock/journal").json()
    assert answer_schema("/_mock/journal").is_valid(journal)
    first, second = journal["entries"]
    assert (first["seq"], second["seq"]) == (1, 2)
    assert first["method"] == "POST"
    assert first["body"]["messages"][0]["content"] == "first"
    assert first["status"] == 200
    assert first["response"][0]["data"]["memory"] == "first"
    assert second["path"] == "/v1/ping/"
    assert second["query"] == "q=1"
    assert second["headers"]["x-trace"] == "t1"
    assert second["headers"]["authorization"] == "Token mock****"
    assert "mock-key" not in str(journal)


def test_the_journal_keeps_rejected_bodies_as_text_and_its_seq_matches_x_request_id(
    app: Any,
) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    response = call(app, "POST", "/v1/memories/", content=b"{not json", headers=headers)
    (entry,) = call(app, "GET", "/_mock/journal").json()["entries"]
    assert entry["body"] == "{not json"
    assert entry["status"] == 400
    assert entry["response"] == response.json()
    assert response.headers["x-request-id"] == str(entry["seq"])


def test_the_journal_is_bounded_and_limit_gives_the_newest() -> None:
    app = create_app(Settings(journal_size=3))
    for _ in range(5):
        call(app, "GET", "/v1/ping/", headers=AUTH)
    assert [e["seq"] for e in call(app, "GET", "/_mock/journal").json()["entries"]] == [3, 4, 5]
    limited = call(app, "GET", "/_mock/journal?limit=2").json()["entries"]
    assert [e["seq"] for e in limited] == [4, 5]
    assert call(app, "GET", "/_mock/health").json()["requests"] == 5


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=x", "limit=-1", "since=3"],
    ids=["zero", "word", "negative", "unknown"],
)
def test_bad_journal_queries_get_400(app: Any, query: str) -> None:
    response = call(app, "GET", f"/_mock/journal?{query}")
    assert response.status_code == 400
    assert response.json()["details"]["errors"][0]["field"] in ("limit", "since")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["a1", "a2", "b1", "run"]),
        ("user_id=alice", ["a1", "a2", "run"]),
        ("user_id=alice&run_id=", ["a1", "a2"]),
        ("run_id=r1", ["run"]),
        ("agent_id=bot", ["b1"]),
        ("org_id=org_mock&project_id=proj_mock&user_id=bob", []),
    ],
    ids=["all", "user", "user-without-run", "run", "agent", "nobody"],
)
def test_memories_are_filtered_by_every_given_scope_parameter(
    app: Any, query: str, expected: list[str]
) -> None:
    note(app, "a1", user_id="alice")
    note(app, "a2", user_id="alice")
    note(app, "b1", agent_id="bot")
    note(app, "run", user_id="alice", run_id="r1")
    memories = call(app, "GET", f"/_mock/memories?{query}").json()
    assert answer_schema("/_mock/memories").is_valid(memories)
    assert [m["memory"] for m in memories["memories"]] == expected


def test_unknown_memory_filters_get_400(app: Any) -> None:
    response = call(app, "GET", "/_mock/memories?userid=alice")
    assert response.status_code == 400
    assert "user_id" in response.json()["detail"]


def test_reset_forgets_memories_events_journal_and_rate_counts_but_keeps_the_fixture() -> None:
    fixture = ({"memory": "Lives in Berlin", "user_id": "alex"},)
    app = create_app(Settings(memories=fixture, rate_limit_per_minute=2))
    note(app, "extra", user_id="alex")
    queued = add(app, {"messages": [{"role": "user", "content": "x"}], "user_id": "q",
                       "async_mode": True, "infer": False}).json()  # fmt: skip
    assert call(app, "GET", "/v1/ping/", headers=AUTH).status_code == 429
    reset = call(app, "POST", "/_mock/reset", headers={"X-Mem0-Mock": "1"})
    assert reset.json() == {"status": "reset"}
    memories = call(app, "GET", "/_mock/memories").json()["memories"]
    assert [m["memory"] for m in memories] == ["Lives in Berlin"]
    assert call(app, "GET", "/_mock/journal").json() == {"entries": []}
    event = call(app, "GET", f"/v1/event/{queued[0]['event_id']}/", headers=AUTH)
    assert event.status_code == 404
    assert call(app, "GET", "/v1/ping/", headers=AUTH).status_code == 200


def test_the_journal_is_bounded_in_bytes_too() -> None:
    app = create_app(Settings(journal_max_bytes=3000))
    for n in range(4):
        body = {"messages": [{"role": "user", "content": f"{n} " + "x" * 1000}], "user_id": "u"}
        add(app, {**body, "infer": False})
    entries = call(app, "GET", "/_mock/journal").json()["entries"]
    assert [e["seq"] for e in entries] == [4]
    assert call(app, "GET", "/_mock/health").json()["requests"] == 4


def test_the_journal_page_is_served_at_mock_slash_as_html_and_not_journaled(app: Any) -> None:
    note(app, "first", user_id="a")
    page = call(app, "GET", "/_mock/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>mem0 mock · journal</title>" in page.text
    # Nothing is loaded from elsewhere, and the browser is told so.
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text)
    assert [e["seq"] for e in call(app, "GET", "/_mock/journal").json()["entries"]] == [1]


def test_the_journal_page_names_the_contracts_operations_as_openapi_yaml_does(app: Any) -> None:
    page = call(app, "GET", "/_mock/").text
    found = re.search(r'<script type="application/json" id="operations">(.*?)</script>', page)
    assert found is not None
    expected = [
        {"id": op.operation_id, "method": op.method, "path": op.path}
        for op in bundled().operations.values()
    ]
    assert json.loads(found.group(1)) == expected


def test_the_journal_page_puts_data_in_the_page_as_text_only(app: Any) -> None:
    # Request bodies are arbitrary text: the page's script must never parse them as HTML.
    script = call(app, "GET", "/_mock/").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("POST", "/_mock/", 405), ("GET", "/_mock", 404), ("GET", "/_mock/index.html", 404)],
    ids=["post", "without-slash", "index-html"],
)
def test_the_journal_page_is_one_path_and_one_method(
    app: Any, method: str, path: str, status: int
) -> None:
    response = call(app, method, path)
    assert response.status_code == status
    if status == 405:
        assert response.headers["allow"] == "GET"


def test_the_journal_page_is_served_below_a_mount_point() -> None:
    outer = Starlette(routes=[Mount("/mem0", app=create_app())])
    page = call(outer, "GET", "/mem0/_mock/")
    assert page.status_code == 200
    # Its calls are relative, so from /mem0/_mock/ they reach /mem0/_mock/journal and so on.
    assert "getJSON(`journal?limit=${JOURNAL_LIMIT}`)" in page.text
    assert "/_mock/journal" not in page.text


def test_the_journal_page_is_absent_with_inspection_off() -> None:
    app = create_app(Settings(inspection=False))
    assert call(app, "GET", "/_mock/").status_code == 404


# --- pages: limit, after / offset, and the byte budget --------------------------------------

MOCK = {"X-Mem0-Mock": "1"}  # what a state-changing call must carry


def test_the_journal_reads_forward_page_by_page_after_a_seq() -> None:
    app = create_app(Settings())
    for _ in range(7):
        call(app, "GET", "/v1/ping/", headers=AUTH)
    first = call(app, "GET", "/_mock/journal?after=0&limit=3").json()
    assert answer_schema("/_mock/journal").is_valid(first)
    assert [e["seq"] for e in first["entries"]] == [1, 2, 3]
    assert first["next"] == 3
    second = call(app, "GET", f"/_mock/journal?after={first['next']}&limit=3").json()
    assert [e["seq"] for e in second["entries"]] == [4, 5, 6]
    last = call(app, "GET", f"/_mock/journal?after={second['next']}&limit=3").json()
    assert [e["seq"] for e in last["entries"]] == [7]
    assert "next" not in last  # nothing follows
    newest = call(app, "GET", "/_mock/journal?limit=2").json()
    assert [e["seq"] for e in newest["entries"]] == [6, 7]
    assert "next" not in newest


def test_the_journal_and_memories_pages_have_a_default_and_a_maximum() -> None:
    app = create_app(Settings(max_memories_per_scope=5_000))
    body = {"messages": [{"role": "user", "content": f"m{n}"} for n in range(150)]}
    assert add(app, {**body, "user_id": "u", "infer": False}).status_code == 200
    for _ in range(120):
        call(app, "GET", "/v1/ping/", headers=AUTH)
    assert len(call(app, "GET", "/_mock/journal").json()["entries"]) == 100
    memories = call(app, "GET", "/_mock/memories").json()
    assert len(memories["memories"]) == 100
    assert memories["next"] == 100
    rest = call(app, "GET", "/_mock/memories?offset=100&limit=1000").json()
    assert [m["memory"] for m in rest["memories"]] == [f"m{n}" for n in range(100, 150)]
    assert "next" not in rest
    over = call(app, "GET", "/_mock/memories?limit=1001")
    assert over.status_code == 400
    assert over.json()["details"]["errors"] == [
        {"field": "limit", "message": "must be a whole number of at least 1 and at most 1000"}
    ]


def test_memories_page_through_a_scope_filter() -> None:
    app = create_app(Settings())
    for n in range(5):
        note(app, f"a{n}", user_id="alice")
        note(app, f"b{n}", user_id="bob")
    seen, offset = [], 0
    while True:
        page = call(app, "GET", f"/_mock/memories?user_id=alice&limit=2&offset={offset}").json()
        seen += [m["memory"] for m in page["memories"]]
        if "next" not in page:
            break
        offset = page["next"]
    assert seen == [f"a{n}" for n in range(5)]


def test_a_page_stops_at_its_byte_budget_but_always_holds_one_entry() -> None:
    # 6 bodies of 1 MiB each: a page of 4 MiB holds 3 of them, the newest; reading forward
    # gets every one, page by page.
    app = create_app(Settings(max_body_bytes=2 * 1_048_576, journal_max_bytes=16 * 1_048_576))
    big = b'"' + b"x" * 1_048_576 + b'"'
    json_type = {**AUTH, "Content-Type": "application/json"}
    for _ in range(6):  # each a 400 (not an object), its body journaled
        call(app, "POST", "/v1/memories/", content=big, headers=json_type)
    newest = call(app, "GET", "/_mock/journal?limit=1000")
    assert [e["seq"] for e in newest.json()["entries"]] == [4, 5, 6]
    assert len(newest.content) < 4 * 1_048_576 + 10_000
    seqs, after = [], 0
    while True:
        page = call(app, "GET", f"/_mock/journal?after={after}&limit=1000").json()
        seqs += [e["seq"] for e in page["entries"]]
        if "next" not in page:
            break
        after = page["next"]
    assert seqs == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "query",
    [
        "/_mock/journal?limit=²",
        "/_mock/journal?limit=%D9%A3",  # ٣, an Arabic-Indic three
        "/_mock/journal?limit=" + "9" * 5_000,
        "/_mock/journal?after=-1",
        "/_mock/journal?after=1.5",
        "/_mock/memories?limit=0",
        "/_mock/memories?offset=²",
        "/_mock/memories?offset=" + "1" * 40,
    ],
    ids=["superscript", "arabic-indic", "5000-digits", "negative", "fraction", "zero",
         "offset-superscript", "offset-40-digits"],
)  # fmt: skip
def test_numeric_parameters_are_ascii_digits_or_a_400_naming_them(app: Any, query: str) -> None:
    response = call(app, "GET", query)
    assert response.status_code == 400
    name = query.split("?")[1].split("=")[0]
    assert response.json()["details"]["errors"][0]["field"] == name
    assert response.json()["detail"].startswith(f"{name}: must be a whole number")


# --- who may use it: Host names and the state header ----------------------------------------


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:8000", "[::1]:8000", "10.1.2.3", "localhost:8000", "app.localhost", "mock",
     "mem0-mock:8000", "mock.test", "devbox.internal", "LOCALHOST.", "[fe80::1]"],
)  # fmt: skip
def test_the_inspection_api_answers_private_host_names(app: Any, host: str) -> None:
    assert call(app, "GET", "/_mock/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/_mock/", "/_mock/journal", "/_mock/memories", "/_mock/health", "/_mock/openapi.yaml"]
)
def test_a_public_host_name_gets_403_naming_the_host(app: Any, path: str) -> None:
    # DNS rebinding: evil.example.com resolved to 127.0.0.1 after its page loaded.
    response = call(app, "GET", path, headers={"Host": "evil.example.com:8000"})
    assert response.status_code == 403
    assert response.json()["details"]["errors"][0]["field"] == "Host"
    assert "'evil.example.com' is not a name of this mock" in response.json()["detail"]
    assert "--allowed-host" in response.json()["detail"]


def test_a_configured_host_name_is_answered_and_the_contract_paths_answer_any_host() -> None:
    app = create_app(Settings(allowed_hosts=("DevBox.Corp.COM.",)))
    assert (
        call(app, "GET", "/_mock/health", headers={"Host": "devbox.corp.com:8000"}).status_code
        == 200
    )
    assert (
        call(app, "GET", "/_mock/health", headers={"Host": "other.example.com"}).status_code == 403
    )
    ping = call(app, "GET", "/v1/ping/", headers={**AUTH, "Host": "other.example.com"})
    assert ping.status_code == 200  # the contract's paths are guarded by the key instead


@pytest.mark.parametrize("path", ["/_mock/reset", "/_mock/queue?hold=PENDING"])
def test_a_state_change_without_the_header_gets_403_and_changes_nothing(path: str) -> None:
    app = create_app(Settings())
    note(app, "kept", user_id="a")
    for headers in ({}, {"Content-Type": "text/plain"}, {"X-Mem0-Mock": ""}):
        refused = call(app, "POST", path, content=b"{}", headers=headers)
        assert refused.status_code == 403
        assert refused.json()["details"]["errors"][0]["field"] == "X-Mem0-Mock"
        assert "send X-Mem0-Mock: 1" in refused.json()["detail"]
    assert call(app, "GET", "/_mock/health").json()["memories"] == 1
    assert call(app, "POST", "/_mock/queue", headers=MOCK).json()["held"] is None
    assert call(app, "POST", path, headers=MOCK).status_code == 200


def test_the_journal_masks_every_credential_bearing_header(app: Any) -> None:
    secret = "s3cr3t-value-1234"
    headers = {
        **AUTH,
        "Proxy-Authorization": f"Basic {secret}",
        "Cookie": f"session={secret}; theme={secret}",
        "Set-Cookie": f"sid={secret}; Path=/; HttpOnly",
        "X-Api-Key": secret,
        "Api-Key": secret,
        "X-Auth-Token": secret,
        "X-Amz-Security-Token": secret,
        "X-Client-Secret": secret,
        "X-Trace": "t1",
    }
    call(app, "GET", "/v1/ping/", headers=headers)
    (entry,) = call(app, "GET", "/_mock/journal").json()["entries"]
    assert secret not in json.dumps(entry)
    shown = entry["headers"]
    assert shown["proxy-authorization"] == "Basic s3cr****"
    assert shown["cookie"] == "session=s3cr****; theme=s3cr****"
    assert shown["set-cookie"] == "sid=s3cr****; Path=/; HttpOnly"
    assert shown["x-api-key"] == shown["x-auth-token"] == "s3cr****"
    assert shown["x-trace"] == "t1"
