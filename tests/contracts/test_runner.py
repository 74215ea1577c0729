"""The engine end to end, in-process: the mock and the reference conform; could-not-run cases."""

from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from contracts import Report, Target, run
from mem0spec import bundled
from mockserver import Settings, create_app
from tests.contracts import reference


# The default profile in-process over the 20 operations (~3 min of a core): behind soak, which
# .ci/run runs; make test sees the mock pass verify's quick profile over HTTP (test_cli.py).
@pytest.mark.soak
def test_the_mock_conforms_with_every_rule_exercised(mock_app: Any, mock_key: str) -> None:
    report = run(Target("http://testserver", mock_key, seed=1, app=mock_app))
    assert report.verdict == "CONFORMS: no violations found"
    assert report.exit_code == 0
    by_id = {r.check_id: r for r in report.results}
    assert [r.check_id for r in report.results if not r.exercised] == []
    rule_two = by_id["rule-2-live-scope"]
    assert rule_two.events["UPDATE"] > 0
    assert rule_two.events["DELETE"] > 0
    assert by_id["rule-5-shape"].note == (
        "4 of 4 shapes seen; without async_mode it answered synchronously"
    )


# What the reference implements: the operations a conforming server must serve, and no others.
REFERENCE_SERVES = {"POST /v1/memories/", "GET /v1/ping/", "GET /v1/event/{event_id}/"}


def test_the_reference_server_conforms_leaving_the_optional_operations_unserved() -> None:
    target = Target("http://testserver", reference.KEY, app=reference.create_app())
    report = run(target)
    assert report.verdict == "CONFORMS: no violations found", report.render()
    assert report.exit_code == 0
    unserved = {r.check_id: r.note for r in report.results if r.unserved_status is not None}
    assert unserved == {
        f"schema:{op.label}": f"{op.label} is not served by this server "
        f"(answered {405 if op.path in ('/v1/memories/',) else 404}); it is optional"
        for op in bundled().operations.values()
        if op.label not in REFERENCE_SERVES
    }
    served = {f"schema:{label}" for label in REFERENCE_SERVES}
    assert all(r.exercised and r.cases > 1 for r in report.results if r.check_id in served)


def test_an_add_only_server_conforms_with_rules_2_and_3_not_exercised() -> None:
    app = reference.create_app(add_only=True)
    report = run(Target("http://testserver", reference.KEY, profile="quick", app=app))
    assert report.exit_code == 0
    not_exercised = {
        r.check_id: r.note for r in report.results if not r.exercised and r.unserved_status is None
    }
    # The reference serves none of the reads (nor the v3 add): rules 8-11 have nothing to read.
    unread = {c: n for c, n in not_exercised.items() if n.startswith("not served: ")}
    assert set(unread) == {
        "rule-8-read-your-writes",
        "rule-9-scope-isolation",
        "rule-10-history",
        "rule-11-v3-add",
    }
    assert {c: n for c, n in not_exercised.items() if c not in unread} == {
        "rule-2-live-scope": "the server never UPDATEd or DELETEd",
        "rule-3-immutable": "no UPDATE/DELETE ever happened to challenge it",
    }
    assert re.search(r"^rule-2-live-scope +not exercised", report.render(), re.MULTILINE)


def _without_timings(report: Report) -> str:
    return re.sub(r"\d+\.\d s|  \d+\.\d\s*$", "", report.render(), flags=re.MULTILINE)


# The required operations' schema checks and every rule, with two optional operations whose
# cases come from a recursive filters body and from ids in the path: what varies from check to
# check of the schema layer is the operation, not how its seed is used.
SAME_SEED_CHECKS = (
    *(f"schema:{op.label}" for op in bundled().operations.values() if op.required),
    "schema:POST /v3/memories/search/",
    "schema:DELETE /v2/entities/{entity_type}/{entity_id}/",
    "ping",
    "rule-",
    "event-lookup",
)


def test_the_same_seed_gives_the_same_report() -> None:
    def once() -> Report:
        app = create_app(Settings(seed=0))
        target = Target(
            "http://testserver", "mock-key", seed=5, profile="quick", run_id="r", app=app
        )
        return run(target, only=SAME_SEED_CHECKS)

    first, second = once(), once()
    assert [(r.check_id, r.cases, r.events) for r in first.results] == [
        (r.check_id, r.cases, r.events) for r in second.results
    ]
    assert _without_timings(first) == _without_timings(second)


def test_a_refused_key_cannot_run(mock_app: Any) -> None:
    report = run(Target("http://testserver", "wrong-key", app=mock_app))
    assert report.exit_code == 2
    assert report.could_not_run == (
        "the server refused the API key: GET /v1/ping/ answered 401; check --api-key."
    )
    assert report.results == []


def test_an_unreachable_server_cannot_run() -> None:
    report = run(Target("http://127.0.0.1:1", "k"))
    assert report.exit_code == 2
    assert report.could_not_run is not None
    assert report.could_not_run.startswith("cannot reach http://127.0.0.1:1/v1/ping/")


@pytest.mark.parametrize(
    "app",
    [
        Starlette(routes=[Route("/{p:path}", lambda r: HTMLResponse("<h1>Welcome</h1>"))]),
        Starlette(),
    ],
    ids=["html-page", "404-everywhere"],
)
def test_a_server_that_is_not_mem0_cannot_run(app: Starlette) -> None:
    report = run(Target("http://testserver", "k", app=app))
    assert report.exit_code == 2
    assert report.could_not_run is not None
    assert "does not look like a Mem0 server" in report.could_not_run
