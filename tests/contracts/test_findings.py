"""One finding per cause: grouping by signature, counts, three examples, a status everywhere."""

from __future__ import annotations

from contracts import Failure
from contracts.findings import group, normalised


def _failure(title: str, check_id: str = "rule-2-live-scope", **kw: object) -> Failure:
    defaults: dict[str, object] = {"clause": "Rule 2: x", "message": "m", "status": 200}
    return Failure(check_id=check_id, title=title, **{**defaults, **kw})  # type: ignore[arg-type]


def test_particulars_do_not_split_a_cause() -> None:
    assert normalised("UPDATE of 'a1b2': 3 steps, scope mck-r-x-u0") == normalised(
        "UPDATE of 'ffee': 12 steps, scope mck-r-y-u1"
    )


def test_instances_of_one_cause_are_one_finding_with_a_count_and_three_examples() -> None:
    failures = [_failure(f"UPDATE of 'id{n}': a memory of another scope") for n in range(7)]
    failures.append(_failure("DELETE of 'x': an id this scope never saw ADDed"))
    findings = group(failures)
    assert [(f.count, len(f.examples)) for f in findings] == [(7, 3), (1, 1)]
    assert "seen 7 time(s)" in findings[0].render(1)


def test_different_statuses_and_clauses_are_different_causes() -> None:
    findings = group(
        [
            _failure("a valid add got 500", status=500),
            _failure("a valid add got 500", status=502),
            _failure("a valid add got 500", status=500, clause="Rule 6: y"),
        ]
    )
    assert len(findings) == 3


def test_a_wrong_status_on_many_operations_is_one_finding_across_them() -> None:
    clause = "schema: status_code_conformance"
    failures = [
        _failure(
            "Undocumented HTTP status code", check_id=f"schema:{op}", clause=clause, status=422
        )
        for op in ("POST /v1/memories/", "GET /v1/memories/", "POST /v2/memories/search/")
    ]
    failures.append(_failure("UPDATE of 'a'"))
    findings = group(failures)
    assert len(findings) == 2
    assert findings[0].title.startswith("3 operations answer 422")
    assert findings[0].count == 3
    assert len(findings[0].check_ids) == 3
