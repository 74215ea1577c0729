"""Reading back what was written (rules 8-10) and the v3 add (rule 11), end to end in-process:
the mock and the reference pass with every rule exercised, a server that always queues is judged
on its memories, each broken server is caught by its own rule, an unserved read is not exercised.
"""

from __future__ import annotations

from typing import Any

import pytest

from contracts import Report, Target, run
from contracts.rules.read_back import history_problem
from mem0spec import AnswerEvent
from mockserver import DEFAULT_API_KEY, Settings, create_app
from tests.contracts import reference
from tests.contracts.broken import reads
from tests.contracts.broken.kit import on_add_body

READ_RULES = ("rule-8-", "rule-9-", "rule-10-", "rule-11-")
MEMORY_RULES = ("rule-1-", "rule-2-", "rule-3-", "rule-4-")


def _run(app: Any, key: str, only: tuple[str, ...]) -> Report:
    target = Target("http://testserver", key, profile="quick", app=app, run_id="rb")
    return run(target, only=only)


def _exercised_passes(report: Report) -> dict[str, str]:
    return {r.check_id: r.status for r in report.results}


@pytest.mark.parametrize(
    "app, key",
    [
        (lambda: create_app(Settings(seed=0)), DEFAULT_API_KEY),
        (lambda: reference.create_app(reads=True), reference.KEY),
    ],
    ids=["mock", "reference"],
)
def test_correct_servers_pass_the_read_back_rules_with_each_exercised(app: Any, key: str) -> None:
    report = _run(app(), key, READ_RULES)
    assert _exercised_passes(report) == {
        "rule-8-read-your-writes": "pass",
        "rule-9-scope-isolation": "pass",
        "rule-10-history": "pass",
        "rule-11-v3-add": "pass",
    }, report.render()
    notes = {r.check_id: r.note for r in report.results}
    assert notes["rule-8-read-your-writes"].endswith("reads over 7 operations")
    assert "exact repeats" in notes["rule-11-v3-add"]


def _broken(build: Any) -> Any:
    return build(create_app(Settings(seed=0)), DEFAULT_API_KEY)


def test_a_server_that_always_queues_is_judged_on_its_memories() -> None:
    app = _broken(reads.always_queue)
    report = _run(app, DEFAULT_API_KEY, (*MEMORY_RULES, *READ_RULES, "event-lookup"))
    statuses = _exercised_passes(report)
    # Rules 2 and 3 exercised: the mock UPDATEs and DELETEs, and the events say so once followed.
    assert set(statuses.values()) == {"pass"}, report.render()
    assert len(statuses) == 9
    by_id = {r.check_id: r for r in report.results}
    assert by_id["rule-2-live-scope"].events["UPDATE"] > 0
    assert by_id["rule-4-verbatim"].exercised


@pytest.mark.parametrize(
    "build, rule",
    [
        (on_add_body(reads.merge_user_and_agent), 9),
        (reads.list_forgets_newest, 8),
        (reads.latest_only_ignored, 8),
        (reads.history_without_updates, 10),
        (reads.v3_never_queues, 11),
    ],
    ids=[
        "merges-user-and-agent",
        "list-forgets-newest",
        "latest-only-ignored",
        "history-without-updates",
        "v3-never-queues",
    ],
)
def test_each_read_back_breaker_is_caught_by_its_own_rule(build: Any, rule: int) -> None:
    report = _run(_broken(build), DEFAULT_API_KEY, (f"rule-{rule}-",))
    assert report.exit_code == 1
    assert report.failed_rules() == {rule}, report.render()


def test_an_event_in_another_shape_is_caught_by_the_event_lookup() -> None:
    report = _run(_broken(reads.event_in_another_shape), DEFAULT_API_KEY, ("event-lookup",))
    (result,) = report.results
    (failure,) = result.failures
    assert failure.clause == "event lookup: an issued event id resolves (openapi.yaml EventStatus)"
    assert '"id" is a required property' in failure.message


def test_a_queued_add_in_another_event_shape_is_no_evidence_against_rule_4() -> None:
    app = _broken(reads.event_in_another_shape)
    report = _run(app, DEFAULT_API_KEY, ("rule-4-",))
    (result,) = report.results
    assert result.status == "pass", report.render()


def test_reads_a_server_does_not_serve_are_not_exercised() -> None:
    report = _run(reference.create_app(), reference.KEY, READ_RULES)
    notes = {r.check_id: (r.status, r.note.split(":")[0]) for r in report.results}
    assert notes == {
        "rule-8-read-your-writes": ("not exercised", "not served"),
        "rule-9-scope-isolation": ("not exercised", "not served"),
        "rule-10-history": ("not exercised", "not served"),
        "rule-11-v3-add": ("not exercised", "not served"),
    }
    assert report.exit_code == 0
    assert "GET /v1/memories/{memory_id}/history/ (404)" in report.results[2].note


ADD = AnswerEvent("m1", "ADD", "Lives in Denver")
UPDATE = AnswerEvent("m1", "UPDATE", "Lives in Austin", "Lives in Denver")


def _row(event: str, new: str | None, old: str | None = None) -> dict[str, Any]:
    return {"event": event, "new_memory": new, "old_memory": old}


def test_a_history_that_matches_the_events_has_no_problem() -> None:
    rows = [_row("ADD", "Lives in Denver"), _row("UPDATE", "Lives in Austin", "Lives in Denver")]
    assert history_problem([ADD, UPDATE], rows) == ""


@pytest.mark.parametrize(
    "rows, problem",
    [
        ([_row("ADD", "Lives in Denver")], "rows are ['ADD'], the events were ['ADD', 'UPDATE']"),
        (
            [_row("ADD", "Lives in Denver"), _row("UPDATE", "Lives in Denver", "Lives in Denver")],
            "row 2 (UPDATE) has new_memory 'Lives in Denver', not 'Lives in Austin'",
        ),
        (
            [_row("ADD", "Lives in Denver"), _row("UPDATE", "Lives in Austin", None)],
            "row 2 (UPDATE) has old_memory None, not 'Lives in Denver'",
        ),
    ],
    ids=["a-row-missing", "wrong-new-text", "wrong-old-text"],
)
def test_a_history_that_differs_says_how(rows: list[dict[str, Any]], problem: str) -> None:
    assert history_problem([ADD, UPDATE], rows) == problem
