"""The compiled validators and openapi-core agree, and everything is read from the spec."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from mem0spec import Operation, Spec, bundled, load_spec
from mockserver.validation.schemas import RequestValidator

SPEC = load_spec()
CONTRACT = RequestValidator(bundled())
REQUEST = SPEC["components"]["schemas"]["AddMemoriesRequest"]


class _Request:
    """The minimal request openapi-core reads (its `Request` protocol), built from parsed parts."""

    def __init__(self, operation: Operation, body: bytes) -> None:
        self.host_url = "http://127.0.0.1:8000"  # the spec's first server: openapi-core matches it
        self.method = operation.method.lower()
        self.path = operation.path
        self.body = body
        self.content_type = operation.body_media_types[0] if operation.body_media_types else ""
        # Authentication is checked by the mock itself (openapi-core only checks presence).
        self.parameters = RequestParameters(
            path={},
            query=ImmutableMultiDict(),
            header=Headers({"Authorization": "Token checked"}),
            cookie=ImmutableMultiDict(),
        )


def openapi_core_accepts(validator: RequestValidator, op_id: str, body: Any) -> bool:
    """openapi-core's verdict on the body through its whole request pipeline (not only the body
    validator the mock words rejections with)."""
    request = _Request(validator.spec.operation(op_id), json.dumps(body).encode())
    return not any(
        getattr(error.__cause__, "schema_errors", None) is not None
        or "Body" in type(error).__name__
        for error in validator.openapi.iter_request_errors(request)
    )


def record_accepts(validator: RequestValidator, op_id: str, body: Any) -> bool:
    """The verdict of openapi-core's body validator, the one that words rejections."""
    return not validator.problems_of_record(op_id, body)


def _literals(node: Any) -> list[Any]:
    """Every enum and const value in the spec: values that sit on the edge of validity."""
    found: list[Any] = []
    if isinstance(node, dict):
        found += node.get("enum", []) + ([node["const"]] if "const" in node else [])
        for child in node.values():
            found += _literals(child)
    elif isinstance(node, list):
        for child in node:
            found += _literals(child)
    return found


EDGES = [None, True, False, 0, -1, 2.5, "", " ", "x", "alex", "2030-12-31", "2026-02-30"]
SCALARS = st.sampled_from(
    [*EDGES, "2026/01/01", *sorted({v for v in _literals(SPEC) if v is not None}, key=str)]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.sampled_from("ab"), inner, max_size=2)
    ),
    max_leaves=4,
)
MESSAGE = st.fixed_dictionaries(
    {},
    optional={
        "role": st.sampled_from(["user", "assistant", "system", "bot", "", 1]),
        "content": st.text(max_size=8) | st.integers(),
        "name": st.text(max_size=3),
    },
)
PROPERTIES = sorted(REQUEST["properties"])
BODIES = (
    st.fixed_dictionaries(
        {"messages": st.lists(MESSAGE, max_size=3) | VALUES},
        optional={name: VALUES for name in PROPERTIES if name != "messages"} | {"extra": VALUES},
    ).map(lambda body: body if body.get("messages") != "drop" else {})
    | st.fixed_dictionaries(
        {
            "messages": st.lists(
                st.fixed_dictionaries(
                    {"role": st.sampled_from(["user", "assistant", "system"]), "content": st.text()}
                ),
                min_size=1,
                max_size=3,
            ),
            "user_id": st.text(min_size=1, max_size=4),
        },
        optional={name: SCALARS for name in PROPERTIES if name not in ("messages", "user_id")},
    )
    | st.fixed_dictionaries(
        {
            "messages": st.lists(
                st.fixed_dictionaries({"role": st.just("user"), "content": st.text(max_size=5)}),
                min_size=1,
                max_size=2,
            ),
            "agent_id": st.text(min_size=1, max_size=3),
        },
        optional={"unknown": VALUES, "user_id": st.none() | st.text(max_size=2)},
    )
    | VALUES
)


def _parity(verdicts: list[bool], body: Any) -> None:
    compiled = CONTRACT.body_is_valid("addMemories", body)
    of_record = openapi_core_accepts(CONTRACT, "addMemories", body)
    assert compiled == of_record, body
    assert record_accepts(CONTRACT, "addMemories", body) == of_record, body
    if not compiled:
        verdict = CONTRACT.validate_body("addMemories", body)
        assert verdict is not None
        assert verdict.errors
        assert verdict.detail.endswith(".")
    verdicts.append(compiled)


def test_the_compiled_validator_and_openapi_core_agree_on_generated_bodies() -> None:
    verdicts: list[bool] = []

    @settings(
        max_examples=2000,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(BODIES)
    def check(body: Any) -> None:
        _parity(verdicts, body)

    check()
    accepted = sum(verdicts)
    assert len(verdicts) >= 2000
    assert accepted >= 400
    assert len(verdicts) - accepted >= 400


@pytest.mark.soak
def test_the_validators_agree_on_many_more_bodies() -> None:
    verdicts: list[bool] = []

    @settings(
        max_examples=10_000, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(BODIES)
    def check(body: Any) -> None:
        _parity(verdicts, body)

    check()
    assert 0 < sum(verdicts) < len(verdicts)


def test_every_request_example_in_the_spec_is_accepted_by_both() -> None:
    examples = SPEC["paths"]["/v1/memories/"]["post"]["requestBody"]["content"]["application/json"]
    for name, example in examples["examples"].items():
        assert CONTRACT.body_is_valid("addMemories", example["value"]), name
        assert openapi_core_accepts(CONTRACT, "addMemories", example["value"]), name


def test_defaults_scope_fields_statuses_and_headers_are_read_from_the_spec() -> None:
    spec = copy.deepcopy(SPEC)
    request = spec["components"]["schemas"]["AddMemoriesRequest"]
    request["properties"]["output_format"]["default"] = "v1.1"
    request["allOf"][0]["anyOf"] = request["allOf"][0]["anyOf"][:2]
    spec["components"]["responses"]["TooManyRequests"]["headers"].pop("Retry-After")
    del spec["paths"]["/v1/ping/"]["get"]["responses"]["503"]
    edited = RequestValidator(Spec(spec)).spec
    assert edited.body_defaults("addMemories")["output_format"] == "v1.1"
    assert edited.at_least_one_of("addMemories") == ("user_id", "agent_id")
    assert "Retry-After" not in edited.operation("addMemories").required_headers(429)
    assert 503 not in edited.operation("ping").statuses
    assert CONTRACT.spec.at_least_one_of("addMemories") == (
        "user_id",
        "agent_id",
        "app_id",
        "run_id",
    )


def test_error_words_follow_the_spec() -> None:
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["Message"]["properties"]["role"]["enum"] = ["user", "tool"]
    edited = RequestValidator(Spec(spec))
    verdict = edited.validate_body(
        "addMemories", {"messages": [{"role": "system", "content": "x"}], "user_id": "a"}
    )
    assert verdict is not None
    assert verdict.detail == "messages[0].role: must be one of user, tool."


def test_path_parameters_are_checked_against_their_schema() -> None:
    assert CONTRACT.param_is_valid("getEvent", "path", "event_id", "abc")
    assert not CONTRACT.param_is_valid("getEvent", "path", "event_id", "")


_WRONG_VALUES: list[Any] = [None, 0, 1.5, -1, "", "x", True, [], [1], {}, {"k": "v"}, 10**20]


def _mutations(body: Any, path: tuple[Any, ...] = ()) -> list[Any]:
    """`body` with each of its values, and the body itself, replaced by each wrong value in turn,
    and each key or item removed: a fuzzer's one-field mistakes."""

    def replaced(node: Any, at: tuple[Any, ...], value: Any) -> Any:
        if not at:
            return value
        copied = copy.copy(node)
        copied[at[0]] = replaced(node[at[0]], at[1:], value)
        return copied

    found = [replaced(body, path, wrong) for wrong in _WRONG_VALUES]
    node = body
    for part in path:
        node = node[part]
    if path:
        parent = body
        for part in path[:-1]:
            parent = parent[part]
        without = copy.copy(parent)
        del without[path[-1]]
        found.append(replaced(body, path[:-1], without))
    if isinstance(node, dict | list):
        for key in list(node) if isinstance(node, dict) else range(len(node)):
            found += _mutations(body, (*path, key))
    return found


def _documented_bodies() -> list[tuple[str, Any]]:
    bodies = []
    for operation in CONTRACT.spec.operations.values():
        if operation.body_schema is None:
            continue
        content = SPEC["paths"][operation.path][operation.method.lower()]["requestBody"]["content"]
        for media in content.values():
            for example in (media.get("examples") or {}).values():
                if "value" in example:
                    bodies.append((operation.operation_id, example["value"]))
    return bodies


def test_a_rejection_is_worded_as_openapi_core_words_it() -> None:
    # The words of a rejection come from jsonschema-rs when it names one field: on every one-field
    # mistake of every documented body they must be the words openapi-core's errors give.
    from mockserver.validation.wording import explain

    compared = 0
    for op_id, example in _documented_bodies():
        # Two top-level mistakes at once too: there openapi-core's order of the fields must win.
        keys = sorted(example) if isinstance(example, dict) else []
        pairs = [{**example, a: 1.5, b: [1]} for a in keys for b in keys if a < b]
        for body in _mutations(example) + pairs:
            if CONTRACT.body_is_valid(op_id, body):
                continue
            of_record = explain(CONTRACT.problems_of_record(op_id, body), SPEC)
            verdict = CONTRACT.explain_body(op_id, body)
            assert (verdict.detail, list(verdict.errors)) == of_record, (op_id, body)
            compared += 1
    assert compared > 1_000


def test_each_operation_compiles_its_validators_on_first_use() -> None:
    # Start-up compiles none (the add's are compiled by the first add): each operation's first
    # request compiles its own, and judges by them.
    validator = RequestValidator(bundled())
    with_body = [op for op in validator.spec.operations.values() if op.body_schema is not None]
    assert len(with_body) > 5
    for operation in with_body:
        verdict = validator.validate_body(operation.operation_id, ["not", "an", "object"])
        assert verdict is not None and verdict.detail, operation.operation_id
