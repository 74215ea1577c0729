from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from contracts import CheckResult, Failure, Report

FAILURE = Failure(
    check_id="rule-2-live-scope",
    clause="Rule 2: an UPDATE or DELETE names a live memory of the same scope",
    title="UPDATE of 'm1': a memory of another scope",
    message="a 3-step sequence breaks rule 2",
    curl="curl -X POST http://h/v1/memories/",
    status=200,
    body_excerpt="[]",
    example="1. POST ...",
    rule=2,
)


def report(*results: CheckResult, could_not_run: str | None = None) -> Report:
    return Report("http://h", 1, "default", "abc", list(results), could_not_run=could_not_run)


def test_exit_codes() -> None:
    assert report(CheckResult("ping")).exit_code == 0
    assert report(CheckResult("rule-2-live-scope", failures=[FAILURE])).exit_code == 1
    assert report(could_not_run="cannot reach http://h.").exit_code == 2
    assert report(CheckResult("ping", error="gone")).exit_code == 2


def test_the_summary_names_rule_curl_status_and_example() -> None:
    text = report(CheckResult("rule-2-live-scope", failures=[FAILURE], cases=9)).render()
    assert "rule-2-live-scope  fail" in text
    assert "Rule 2: an UPDATE or DELETE" in text
    assert "reproduce: curl -X POST" in text
    assert "response: 200 []" in text
    assert "smallest failing example:\n       1. POST ..." in text


def test_not_exercised_is_reported_not_failed() -> None:
    result = CheckResult(
        "rule-2-live-scope", exercised=False, note="the server never UPDATEd or DELETEd"
    )
    rendered = report(result)
    assert rendered.exit_code == 0
    assert "not exercised (the server never UPDATEd or DELETEd)" in rendered.render()


def test_junit_has_one_case_per_check(tmp_path: Path) -> None:
    path = tmp_path / "out" / "verify.xml"
    report(
        CheckResult("ping"),
        CheckResult("rule-2-live-scope", failures=[FAILURE]),
        CheckResult("rule-3-immutable", exercised=False, note="never challenged"),
    ).write_junit(path)
    suite = ET.parse(path).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    failure = suite.find("testcase[@name='rule-2-live-scope']/failure")
    assert failure is not None
    assert "smallest failing example" in (failure.text or "")


def test_a_schema_finding_names_the_rule_it_also_breaks() -> None:
    failure = Failure(
        check_id="schema:POST /v1/memories/",
        clause="schema: negative_data_rejection",
        title="API accepted schema-violating request",
        message="...",
        rule=6,
    )
    assert failure.render().splitlines()[0] == (
        "[schema:POST /v1/memories/] schema: negative_data_rejection (also breaks rule 6)"
    )


def test_an_unserved_optional_operation_is_a_narrow_skip_in_the_table_and_a_junit_skip(
    tmp_path: Path,
) -> None:
    sentence = "DELETE /v1/batch/ is not served by this server (answered 405); it is optional"
    unserved = CheckResult(
        "schema:DELETE /v1/batch/", exercised=False, note=sentence, unserved_status=405, cases=1
    )
    rendered = report(CheckResult("ping"), unserved)
    assert rendered.exit_code == 0
    assert rendered.verdict == "CONFORMS: no violations found"
    text = rendered.render()
    assert "schema:DELETE /v1/batch/  not exercised (not served: 405)" in text
    assert sentence not in text
    assert (
        "1 optional operation(s) not served by this server, so not exercised (not a violation): "
        "DELETE /v1/batch/"
    ) in text
    path = tmp_path / "verify.xml"
    rendered.write_junit(path)
    suite = ET.parse(path).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "0", "1")
    skipped = suite.find("testcase[@name='schema:DELETE /v1/batch/']/skipped")
    assert skipped is not None
    assert skipped.get("message") == f"not exercised: {sentence}"


def test_a_strict_only_finding_fails_only_a_strict_run(tmp_path: Path) -> None:
    strict = Failure(
        check_id="rule-7-auth",
        clause="Rule 7: a request without a valid key gets 401 on every operation",
        title="ping with the Bearer scheme got 200",
        message="...",
        status=200,
        level="strict",
    )
    rendered = report(CheckResult("rule-7-auth", failures=[strict]))
    assert rendered.exit_code == 0
    assert rendered.verdict == (
        "CONFORMS at level documented: no violations found; 1 finding(s) at a stricter level only"
    )
    text = rendered.render()
    assert "  strict              matches the kit's strict contract: no, 1 finding(s)" in text
    assert "rule-7-auth  fail above the level" in text
    path = tmp_path / "verify.xml"
    rendered.write_junit(path)
    suite = ET.parse(path).getroot()
    assert suite.get("failures") == "0"
    out = suite.find("testcase[@name='rule-7-auth']/system-out")
    assert out is not None and "above the gating level" in (out.text or "")
    rendered.level = "strict"
    assert rendered.exit_code == 1
    assert rendered.verdict == "VIOLATIONS at level strict: 1 finding(s) in rule-7-auth"


def test_blocked_checks_are_listed_once_under_their_cause(tmp_path: Path) -> None:
    cause = "POST /v1/memories/ is missing (404)"
    rendered = report(
        CheckResult("rule-1-ids", exercised=False, blocked_by=cause),
        CheckResult("rule-2-live-scope", exercised=False, blocked_by=cause),
        CheckResult("event-lookup", exercised=False, not_run="budget"),
    )
    assert rendered.exit_code == 0
    text = rendered.render()
    assert f"rule-1-ids         blocked by {cause}" in text
    assert (
        f"2 check(s) blocked by {cause} (reported once below): rule-1-ids, rule-2-live-scope"
        in text
    )
    assert "event-lookup       not run: budget" in text
    assert rendered.verdict.endswith("; 1 check(s) not run: budget")
    path = tmp_path / "verify.xml"
    rendered.write_junit(path)
    skipped = ET.parse(path).getroot().find("testcase[@name='rule-1-ids']/skipped")
    assert skipped is not None and skipped.get("message") == f"blocked by {cause}"
