"""The contract document: valid OpenAPI 3.1, every rule of issue 2 present, examples valid."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate

from mem0spec import load_spec

SPEC = load_spec()
REQUEST = SPEC["components"]["schemas"]["AddMemoriesRequest"]
PROPS = REQUEST["properties"]


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) of every operation; a path item's shared `parameters` skipped."""
    return [
        (path, method, op)
        for path, item in SPEC["paths"].items()
        for method, op in item.items()
        if method != "parameters"
    ]


def validator_for(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    # Refs in the spec are document-relative ("#/components/..."): put the components at the root.
    rooted = {**schema, "components": SPEC["components"]}
    return jsonschema.Draft202012Validator(rooted, format_checker=jsonschema.FormatChecker())


def test_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)


def test_operations_and_their_statuses() -> None:
    statuses = {(path, method): set(op["responses"]) for path, method, op in operations()}
    with_body = {"200", "400", "401", "413", "415", "429", "500", "503"}
    by_id = {"200", "400", "401", "404", "429", "500", "503"}
    listed = {"200", "400", "401", "429", "500", "503"}
    assert statuses == {
        ("/v1/memories/", "post"): with_body,
        ("/v1/memories/", "get"): listed,
        ("/v1/memories/", "delete"): listed,
        ("/v1/ping/", "get"): {"200", "401", "429", "500", "503"},
        ("/v1/event/{event_id}/", "get"): {"200", "401", "404", "429", "500", "503"},
        ("/v3/memories/add/", "post"): with_body,
        ("/v1/memories/search/", "post"): with_body,
        ("/v2/memories/search/", "post"): with_body,
        ("/v3/memories/search/", "post"): with_body,
        ("/v2/memories/", "post"): with_body,
        ("/v3/memories/", "post"): with_body,
        ("/v1/memories/{memory_id}/", "get"): by_id,
        ("/v1/memories/{memory_id}/", "put"): by_id | {"413", "415"},
        ("/v1/memories/{memory_id}/", "delete"): by_id,
        ("/v1/memories/{memory_id}/history/", "get"): by_id,
        ("/v1/events/", "get"): listed,
        ("/v1/batch/", "put"): with_body | {"404"},
        ("/v1/batch/", "delete"): with_body | {"404"},
        ("/v1/entities/", "get"): listed,
        ("/v2/entities/{entity_type}/{entity_id}/", "delete"): by_id,
    }


def test_only_the_original_three_operations_are_required_of_every_server() -> None:
    required = {
        op["operationId"] for _, _, op in operations() if op.get("x-conformance") == "required"
    }
    assert required == {"addMemories", "ping", "getEvent"}
    assert all(op.get("x-conformance") in ("required", "optional") for _, _, op in operations())


def test_token_auth_on_every_operation() -> None:
    scheme = SPEC["components"]["securitySchemes"]["TokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert SPEC["security"] == [{"TokenAuth": []}]
    for _, _, op in operations():
        assert "security" not in op, "no operation may opt out of the global TokenAuth"
        assert "WWW-Authenticate" in resolve(op["responses"]["401"])["headers"]


# The field table of issue 2, walked: (field, valid values, invalid values).
FIELD_TABLE = [
    ("user_id", ["alex", None], [1, True, {}]),
    ("agent_id", ["bot", None], [1, []]),
    ("app_id", ["app", None], [1.5]),
    ("run_id", ["r1", None], [False]),
    ("metadata", [{"k": [1, {"x": None}]}, {}, None], ["meta", [], 3]),
    ("includes", ["food", None], ["", 1]),
    ("excludes", ["greetings", None], ["", []]),
    ("infer", [True, False], [None, "true", 1]),
    ("output_format", ["v1.0", "v1.1", None], ["v2.0", "", 1.1]),
    (
        "custom_categories",
        [None, {"diet": "Dietary info"}, [{"diet": "Dietary info"}, {"pets": "Pets"}], []],
        ["diet", {"diet": 1}, [{"diet": 2}], ["diet"]],
    ),
    ("custom_instructions", ["Only diet.", "", None], [1, {}]),
    ("immutable", [True, False], [None, "false", 0]),
    (
        "expiration_date",
        ["2030-01-01", "2024-02-29", None],
        ["2030-02-30", "2023-02-29", "2030-1-1", "01-01-2030", 20300101],
    ),
    ("org_id", ["org_1", None], [1]),
    ("project_id", ["proj_1", None], [[]]),
    ("version", ["v1", "v2", None], ["v3", ""]),
    ("async_mode", [True, False], [None, "yes"]),
]
BASE = {"messages": [{"role": "user", "content": "I live in Berlin."}], "user_id": "alex"}
REQUEST_VALIDATOR = validator_for(REQUEST)


@pytest.mark.parametrize(("field", "good", "bad"), FIELD_TABLE, ids=[f[0] for f in FIELD_TABLE])
def test_field_rules(field: str, good: list[Any], bad: list[Any]) -> None:
    assert field in PROPS
    for value in good:
        body = {**BASE, field: value}
        if field == "user_id":
            body["agent_id"] = "bot"  # keep a scope when user_id itself is null
        assert REQUEST_VALIDATOR.is_valid(body), (field, value)
    for value in bad:
        assert not REQUEST_VALIDATOR.is_valid({**BASE, field: value}), (field, value)


@pytest.mark.parametrize(
    ("field", "default"),
    [("infer", True), ("output_format", "v1.0"), ("immutable", False), ("async_mode", False)],
)
def test_defaults(field: str, default: Any) -> None:
    assert PROPS[field]["default"] == default


@pytest.mark.parametrize(
    "messages",
    [
        None,
        [],
        "hi",
        [{"role": "user"}],
        [{"content": "hi"}],
        [{"role": "tool", "content": "x"}],
        [{"role": "user", "content": 3}],
        ["hi"],
    ],
)
def test_messages_rules(messages: Any) -> None:
    body = {**BASE, "messages": messages}
    assert not REQUEST_VALIDATOR.is_valid(body)
    assert not REQUEST_VALIDATOR.is_valid({"user_id": "alex"}), "messages is required"


@pytest.mark.parametrize(
    "scope",
    [{}, {"user_id": ""}, {"user_id": None, "agent_id": None, "app_id": "", "run_id": None}],
    ids=["none", "empty", "all-null-or-empty"],
)
def test_at_least_one_non_empty_scope_id(scope: dict[str, Any]) -> None:
    assert not REQUEST_VALIDATOR.is_valid({"messages": BASE["messages"], **scope})


@pytest.mark.parametrize("field", ["user_id", "agent_id", "app_id", "run_id"])
def test_any_single_scope_id_suffices(field: str) -> None:
    assert REQUEST_VALIDATOR.is_valid({"messages": BASE["messages"], field: "x", "user_id_": 1})


def test_unknown_properties_are_accepted() -> None:
    body = {**BASE, "timestamp": 1700000000, "filters": {"user_id": "a"}, "enable_graph": True}
    assert REQUEST_VALIDATOR.is_valid(body)


def test_response_shapes() -> None:
    post = SPEC["paths"]["/v1/memories/"]["post"]
    validator = validator_for(post["responses"]["200"]["content"]["application/json"]["schema"])
    event10 = {"id": "1", "data": {"memory": "Name is Alex"}, "event": "ADD"}
    event11 = {
        "id": "1",
        "memory": "Lives in Lisbon",
        "event": "UPDATE",
        "previous_memory": "Lives in Berlin",
    }
    queued = {"message": "queued", "status": "PENDING", "event_id": "e1"}
    for good in (
        [event10],
        {"results": [event11]},
        [queued],
        {"results": [queued]},
        [],
        [{**event10, "extra": 1}],
    ):
        assert validator.is_valid(good), good
    for bad in (
        [{**event10, "event": "NOOP"}],
        [{"id": "1", "event": "ADD"}],
        {"results": [{"id": "1", "event": "ADD"}]},
        [{**queued, "status": "DONE"}],
        {"events": []},
        "ok",
    ):
        assert not validator.is_valid(bad), bad


def test_error_envelope_and_rate_limit_headers() -> None:
    error = validator_for(SPEC["components"]["schemas"]["Error"])
    assert error.is_valid(
        {
            "error": "400 Bad Request",
            "detail": "x",
            "details": {"message": "x", "errors": [{"field": "f", "message": "m"}]},
        }
    )
    assert not error.is_valid({"detail": "x"})
    assert not error.is_valid({"error": "bad", "detail": "x", "details": {"message": "x"}})
    limited = SPEC["components"]["responses"]["TooManyRequests"]["headers"]
    assert set(limited) == {
        "Retry-After",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    }
    assert all(resolve(header)["required"] for header in limited.values())


def test_ping_and_event_schemas() -> None:
    ping = validator_for(SPEC["components"]["schemas"]["Ping"])
    assert ping.is_valid({"status": "ok", "org_id": "o", "project_id": "p", "user_email": "a@b"})
    assert not ping.is_valid({"status": "ok", "user_email": "a@b"})
    event = validator_for(SPEC["components"]["schemas"]["EventStatus"])
    for status in ("PENDING", "RUNNING", "SUCCEEDED", "FAILED"):
        assert event.is_valid({"id": "e", "status": status, "results": []})
    assert not event.is_valid({"id": "e", "status": "DONE", "results": []})


def _examples() -> list[tuple[str, dict[str, Any], Any]]:
    found = []
    for path, method, op in operations():
        if "requestBody" in op:
            media = op["requestBody"]["content"]["application/json"]
            for name, ex in media["examples"].items():
                found.append((f"{method} {path} request {name}", media["schema"], ex["value"]))
        for status, response in op["responses"].items():
            for mtype in resolve(response).get("content", {}).values():
                for name, ex in mtype.get("examples", {}).items():
                    found.append((f"{method} {path} {status} {name}", mtype["schema"], ex["value"]))
    return found


EXAMPLES = _examples()


def test_every_operation_and_status_has_examples() -> None:
    assert len(EXAMPLES) >= 20
    for path, method, op in operations():
        assert op.get("description"), f"{method} {path} needs a description"
        for status, response in op["responses"].items():
            content = resolve(response)["content"]["application/json"]
            assert content.get("examples"), f"{method} {path} {status} needs an example"


@pytest.mark.parametrize(("where", "schema", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_validates_against_its_schema(
    where: str, schema: dict[str, Any], value: Any
) -> None:
    errors = [e.message for e in validator_for(schema).iter_errors(value)]
    assert not errors, f"{where}: {errors}"


def test_the_spec_reads_the_same_through_libyaml_and_pure_python() -> None:
    import yaml

    from mem0spec import SPEC_PATH

    pure = yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert pure == load_spec()
