from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from contracts import CheckResult, RunContext, Target, check, plan
from contracts.checks import unregister
from mem0spec import bundled

# One schema check per operation of openapi.yaml, in its order, whatever operations it has.
SCHEMA_IDS = [f"schema:{op.label}" for op in bundled().operations.values()]
BUILTIN_IDS = [
    "ping",
    *SCHEMA_IDS,
    "rule-1-ids",
    "rule-2-live-scope",
    "rule-3-immutable",
    "rule-4-verbatim",
    "rule-5-shape",
    "rule-6-validation",
    "rule-7-auth",
    "rule-8-read-your-writes",
    "rule-9-scope-isolation",
    "rule-10-history",
    "rule-11-v3-add",
    "event-lookup",
]

# A fresh interpreter whose first import of the kit is the registry itself, and which registers a
# check before anything has planned: the built-ins must still come first.
USER_CHECK_FIRST = """
from contracts.checks import check

@check("mine", "a user's check, registered before the first plan")
def mine(ctx, result): ...

from contracts import Target, plan

print([c.id for c in plan(Target("http://127.0.0.1:1", "k"))])
"""


@pytest.fixture
def custom_check() -> Iterator[str]:
    @check("custom-ping-twice", "ping answers twice in a row")
    def ping_twice(ctx: RunContext, result: CheckResult) -> None:
        for _ in range(2):
            result.cases += 1
            if ctx.session.send("GET", "/v1/ping/").status != 200:
                result.exercised = False

    yield "custom-ping-twice"
    unregister("custom-ping-twice")


def test_plan_lists_one_check_per_operation_and_rule() -> None:
    ids = [c.id for c in plan(Target("http://127.0.0.1:1", "k"))]
    assert ids[: 1 + len(SCHEMA_IDS)] == ["ping", *SCHEMA_IDS]
    assert {"schema:POST /v1/memories/", "schema:GET /v1/ping/"} <= set(SCHEMA_IDS)
    assert "schema:GET /v1/event/{event_id}/" in SCHEMA_IDS
    assert [i for i in ids if i.startswith("rule-")] == [
        "rule-1-ids",
        "rule-2-live-scope",
        "rule-3-immutable",
        "rule-4-verbatim",
        "rule-5-shape",
        "rule-6-validation",
        "rule-7-auth",
        "rule-8-read-your-writes",
        "rule-9-scope-isolation",
        "rule-10-history",
        "rule-11-v3-add",
    ]


def test_the_plan_lists_the_builtins_in_report_order() -> None:
    assert [c.id for c in plan(Target("http://127.0.0.1:1", "k"))] == BUILTIN_IDS


def test_a_user_check_registered_before_the_first_plan_comes_after_the_builtins() -> None:
    out = subprocess.run(
        [sys.executable, "-c", USER_CHECK_FIRST], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == repr([*BUILTIN_IDS, "mine"])


def test_user_checks_take_the_same_path(custom_check: str, mock_app: object, mock_key: str) -> None:
    checks = {c.id: c for c in plan(Target("http://testserver", mock_key, app=mock_app))}
    result = checks[custom_check].run()
    assert (result.cases, result.passed, result.exercised) == (2, True, True)


def test_a_check_id_registers_once(custom_check: str) -> None:
    with pytest.raises(ValueError, match="already registered"):
        check(custom_check, "again")(lambda ctx, result: None)


def test_a_vanished_server_is_an_error_not_a_failure() -> None:
    (ping,) = [c for c in plan(Target("http://127.0.0.1:1", "k")) if c.id == "ping"]
    result = ping.run()
    assert result.error is not None and result.error.startswith("the server stopped answering")
    assert result.failures == []
