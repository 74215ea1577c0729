"""The request pipeline's gates: every error status of every operation, in the contract's
envelope with its required headers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockserver import Settings, create_app
from tests.mockserver.helpers import (
    AUTH,
    MESSAGES,
    add,
    call,
    operation_at,
    required_headers,
    response_schema,
)

VALID = {"messages": MESSAGES, "user_id": "alex"}
OPERATIONS = [
    ("POST", "/v1/memories/", "post", "/v1/memories/"),
    ("GET", "/v1/ping/", "get", "/v1/ping/"),
    ("GET", "/v1/event/{event_id}/", "get", "/v1/event/some-event/"),
]


def documented(path: str, method: str) -> list[int]:
    return sorted(operation_at(path, method).statuses)


def assert_contract_error(response: Any, path: str, method: str, status: int) -> dict[str, Any]:
    assert response.status_code == status
    body: dict[str, Any] = response.json()
    assert response_schema(path, method, status).is_valid(body)
    assert body["error"].startswith(str(status))
    assert body["detail"] == body["details"]["message"]
    assert required_headers(path, method, status) <= set(response.headers)
    return body


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Token",
        "Token ",
        "Bearer mock-key",
        "token mock-key",
        "Token wrong",
        "Token  mock-key",
    ],
    ids=["missing", "empty", "no-key", "empty-key", "bearer", "lowercase", "unknown", "two-spaces"],
)
@pytest.mark.parametrize(
    ("verb", "path", "method", "url"), OPERATIONS, ids=["add", "ping", "event"]
)
def test_every_operation_answers_401_without_a_valid_key(
    app: Any, authorization: str | None, verb: str, path: str, method: str, url: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = call(app, verb, url, headers=headers, json=VALID if verb == "POST" else None)
    body = assert_contract_error(response, path, method, 401)
    assert response.headers["www-authenticate"] == "Token"
    assert "mock-key" not in body["detail"]


def test_every_accepted_key_works() -> None:
    app = create_app(Settings(api_keys=("k-one", "k-two")))
    for key in ("k-one", "k-two"):
        assert call(app, "GET", "/v1/ping/", headers={"Authorization": f"Token {key}"}).is_success
    assert call(app, "GET", "/v1/ping/", headers=AUTH).status_code == 401


@pytest.mark.parametrize(
    ("verb", "path", "method", "url"), OPERATIONS, ids=["add", "ping", "event"]
)
def test_prefer_code_forces_each_documented_error_with_its_headers(
    app: Any, verb: str, path: str, method: str, url: str
) -> None:
    for status in documented(path, method):
        if status == 200:
            continue
        headers = {**AUTH, "Prefer": f"code={status}"}
        response = call(app, verb, url, headers=headers, json=VALID if verb == "POST" else None)
        assert_contract_error(response, path, method, status)


def test_prefer_code_200_is_the_normal_answer(app: Any) -> None:
    assert add(app, VALID, headers={"Prefer": "code=200"}).status_code == 200


@pytest.mark.parametrize(
    "prefer",
    ["code=404", "code=abc", "code=299", "delay=-1", "delay=soon", "delay=600001"],
    ids=["undocumented-code", "non-numeric-code", "unknown-code", "negative", "word", "too-long"],
)
def test_a_prefer_header_the_mock_cannot_honour_gets_400_naming_it(app: Any, prefer: str) -> None:
    body = assert_contract_error(
        add(app, VALID, headers={"Prefer": prefer}), "/v1/memories/", "post", 400
    )
    assert body["details"]["errors"][0]["field"] == "Prefer"


def test_unknown_preferences_are_ignored(app: Any) -> None:
    assert add(app, VALID, headers={"Prefer": "return=minimal; respond-async"}).status_code == 200


def test_force_status_setting_applies_to_operations_that_document_it() -> None:
    app = create_app(Settings(force_status=413))
    assert_contract_error(add(app, VALID), "/v1/memories/", "post", 413)
    # ping does not document 413: it answers normally.
    assert call(app, "GET", "/v1/ping/", headers=AUTH).status_code == 200


def test_the_rate_limit_answers_429_with_retry_after_and_counts_down() -> None:
    app = create_app(Settings(rate_limit_per_minute=2))
    first, second, third = (call(app, "GET", "/v1/ping/", headers=AUTH) for _ in range(3))
    assert [r.status_code for r in (first, second)] == [200, 200]
    assert [first.headers["x-ratelimit-remaining"], second.headers["x-ratelimit-remaining"]] == [
        "1",
        "0",
    ]
    body = assert_contract_error(third, "/v1/ping/", "get", 429)
    assert third.headers["x-ratelimit-limit"] == "2"
    assert 1 <= int(third.headers["retry-after"]) <= 60
    assert third.headers["retry-after"] in body["detail"]


def test_the_rate_limit_counts_each_key_separately() -> None:
    app = create_app(Settings(rate_limit_per_minute=1, api_keys=("a-key", "b-key")))
    for key in ("a-key", "b-key"):
        assert call(app, "GET", "/v1/ping/", headers={"Authorization": f"Token {key}"}).is_success


def test_a_fault_rate_of_one_fails_every_valid_request_and_changes_nothing() -> None:
    app = create_app(Settings(fault_rate=1.0))
    assert_contract_error(add(app, VALID), "/v1/memories/", "post", 500)
    assert call(app, "GET", "/_mock/memories").json() == {"memories": []}
    # Faults never hide a broken request: it still gets its 4xx.
    assert add(app, {"messages": []}).status_code == 400


def test_faults_are_a_seeded_fraction_that_repeats() -> None:
    def outcomes(seed: int) -> list[int]:
        app = create_app(Settings(seed=seed, fault_rate=0.5))
        return [call(app, "GET", "/v1/ping/", headers=AUTH).status_code for _ in range(40)]

    first = outcomes(1)
    assert first == outcomes(1)
    assert set(first) == {200, 500}
    assert first != outcomes(2)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"messages": []}', None),
        (b'{"messages": []}', "text/plain"),
        (b"messages=x", "application/x-www-form-urlencoded"),
    ],
    ids=["missing", "text", "form"],
)
def test_a_body_not_declared_json_gets_415(
    app: Any, content: bytes, content_type: str | None
) -> None:
    headers = {**AUTH, **({"Content-Type": content_type} if content_type else {})}
    response = call(app, "POST", "/v1/memories/", content=content, headers=headers)
    assert_contract_error(response, "/v1/memories/", "post", 415)


def test_json_with_a_charset_parameter_is_accepted(app: Any) -> None:
    headers = {**AUTH, "Content-Type": "application/json; charset=utf-8"}
    response = call(app, "POST", "/v1/memories/", content=json.dumps(VALID), headers=headers)
    assert response.status_code == 200


def test_a_body_over_the_limit_gets_413() -> None:
    app = create_app(Settings(max_body_bytes=100))
    big = {**VALID, "metadata": {"pad": "x" * 200}}
    body = assert_contract_error(add(app, big), "/v1/memories/", "post", 413)
    assert "100 bytes" in body["detail"]


def test_a_streamed_body_over_the_limit_gets_413_without_content_length() -> None:
    app = create_app(Settings(max_body_bytes=1000))

    async def chunks() -> Any:
        for _ in range(100):
            yield b" " * 100

    headers = {**AUTH, "Content-Type": "application/json"}
    response = call(app, "POST", "/v1/memories/", content=chunks(), headers=headers)
    assert_contract_error(response, "/v1/memories/", "post", 413)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is required"),
        (b"{", "not valid JSON"),
        (b"\xff\xfe{}", "not valid UTF-8"),
        (b'"a string"', "must be an object"),
        (b"[1, 2]", "must be an object"),
        (b"null", "must be an object"),
        (b'{"messages": NaN, "user_id": "a"}', "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
    ],
    ids=["empty", "truncated", "utf16", "string", "array", "null", "nan", "deep"],
)
def test_a_body_that_is_not_a_json_object_gets_400_on_field_body(
    app: Any, content: bytes, reason: str
) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    response = call(app, "POST", "/v1/memories/", content=content, headers=headers)
    body = assert_contract_error(response, "/v1/memories/", "post", 400)
    assert body["details"]["errors"][0]["field"] == "body"
    assert reason in body["detail"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"user_id": "a"}, "messages", "is required"),
        ({"messages": [], "user_id": "a"}, "messages", "at least one item"),
        ({"messages": [{"role": "bot", "content": "x"}], "user_id": "a"}, "messages[0].role",
         "one of user, assistant, system"),
        ({"messages": [{"role": "user"}], "user_id": "a"}, "messages[0].content", "is required"),
        ({"messages": MESSAGES}, "user_id", "at least one of user_id, agent_id, app_id, run_id"),
        ({"messages": MESSAGES, "user_id": ""}, "user_id", "non-empty string"),
        ({**VALID, "infer": "yes"}, "infer", "true or false"),
        ({**VALID, "output_format": "v2"}, "output_format", "one of v1.0, v1.1, null"),
        ({**VALID, "version": "v3"}, "version", "one of v1, v2, null"),
        ({**VALID, "expiration_date": "2026-02-30"}, "expiration_date", "real calendar date"),
        ({**VALID, "expiration_date": "31/12/2030"}, "expiration_date", "real calendar date"),
        ({**VALID, "custom_categories": "food"}, "custom_categories", "must be null"),
        ({**VALID, "includes": ""}, "includes", "must not be empty"),
        ({**VALID, "metadata": [1]}, "metadata", "must be an object or null"),
    ],
    ids=[
        "no-messages", "empty-messages", "bad-role", "no-content", "no-scope", "empty-scope",
        "infer-type", "output-format", "version", "impossible-date", "date-format",
        "categories", "empty-includes", "metadata-type",
    ],
)  # fmt: skip
def test_a_schema_violation_gets_400_naming_the_field_and_the_rule(
    app: Any, body: dict[str, Any], field: str, words: str
) -> None:
    answer = assert_contract_error(add(app, body), "/v1/memories/", "post", 400)
    errors = {e["field"]: e["message"] for e in answer["details"]["errors"]}
    assert words in errors[field]
    assert words in answer["detail"].lower()


def test_every_offending_field_is_listed(app: Any) -> None:
    body = {"messages": [{"role": "bot", "content": 1}], "user_id": "a", "infer": 0}
    answer = assert_contract_error(add(app, body), "/v1/memories/", "post", 400)
    fields = {e["field"] for e in answer["details"]["errors"]}
    assert fields == {"messages[0].role", "messages[0].content", "infer"}


def test_an_unknown_event_gets_404(app: Any) -> None:
    response = call(app, "GET", "/v1/event/evt-unknown/", headers=AUTH)
    body = assert_contract_error(response, "/v1/event/{event_id}/", "get", 404)
    assert "evt-unknown" in body["detail"]


def test_prefer_delay_and_latency_still_answer(app: Any) -> None:
    slow = create_app(Settings(latency_ms=5))
    assert call(slow, "GET", "/v1/ping/", headers={**AUTH, "Prefer": "delay=5"}).is_success


def test_a_large_body_breaking_the_schema_everywhere_gets_a_bounded_answer(app: Any) -> None:
    messages = [{"role": "bot", "content": "x" * 10} for _ in range(5000)]
    answer = assert_contract_error(
        add(app, {"messages": messages, "user_id": "a"}), "/v1/memories/", "post", 400
    )
    assert len(answer["details"]["errors"]) == 100
    assert answer["detail"].startswith("5000 fields break the contract: messages[0].role")
