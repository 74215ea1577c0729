"""Every deliberately broken server fails `verify` (exit 1) naming the clause it breaks.

A representative subset runs in every suite with the quick profile; the whole table runs under
`slow` with the default profile, the one `mem0-kit verify` uses. Each broken server is judged with
the checks that can catch what it breaks (`checks_that_catch`: its rule's check, or the required
operations' schema checks for a schema clause); the whole plan runs against the mock and the
reference in test_runner.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from contracts import Report, levels
from contracts.checks import registered
from mockserver import DEFAULT_API_KEY, Settings, create_app
from tests.contracts.broken.kit import on_add_body
from tests.contracts.broken.levels import LEVEL_BROKEN, LEVEL_OF
from tests.contracts.broken.servers import BROKEN, Broken
from tests.contracts.broken.table import (
    checks_of_required_operations,
    checks_that_catch,
    judge,
    matches,
    verify_in_process,
)
from tests.contracts.serving import serve

FAST = ("accepts-unknown-key", "crash-non-ascii", "scope-ignores-agent", "paraphrases-verbatim")


def _check(broken: Broken, profile: str) -> None:
    app = broken.build(create_app(Settings(seed=0)), DEFAULT_API_KEY)
    report = verify_in_process(
        app, DEFAULT_API_KEY, profile=profile, select=checks_that_catch(broken)
    )
    # Every finding counts: some (Bearer accepted, no WWW-Authenticate) are the kit's alone.
    report.level = levels.STRICT
    row = judge(report, broken)
    assert (row.exit_code, row.named_right) == (1, True), report.render()


def test_the_library_is_large_and_each_name_is_unique() -> None:
    names = [b.name for b in BROKEN]
    assert len(names) >= 25
    assert len(set(names)) == len(names)
    assert {b.expect for b in BROKEN} >= {f"rule {n}" for n in range(1, 8)}


@pytest.mark.parametrize("broken", [b for b in BROKEN if b.name in FAST], ids=lambda b: b.name)
def test_verify_catches_a_broken_server(broken: Broken) -> None:
    _check(broken, profile="quick")


@pytest.mark.slow
@pytest.mark.parametrize("broken", BROKEN, ids=lambda b: b.name)
def test_verify_catches_every_broken_server(broken: Broken) -> None:
    _check(broken, profile="default")


def test_verify_catches_a_broken_server_over_http() -> None:
    (broken,) = [b for b in BROKEN if b.name == "update-unknown-id"]
    with serve(broken.build(create_app(Settings(seed=0)), DEFAULT_API_KEY)) as url:
        from contracts import Target, run

        report = run(Target(url, DEFAULT_API_KEY, profile="quick"), only=checks_that_catch(broken))
    assert report.exit_code == 1
    assert report.failed_rules() == {2}


def _lowest_level(report: Report, expect: str) -> str | None:
    """The lowest level among the findings that name `expect`."""
    found = [f.level for f in report.failures if matches(f, expect) and f.level is not None]
    return min(found, key=levels.rank) if found else None


def _catching(broken: Broken) -> tuple[str, ...]:
    if broken.expect in ("required operation", "authentication scheme"):
        return ("schema:POST /v1/memories/", "rule-6-validation", "rule-7-auth")
    return checks_that_catch(broken)


@pytest.mark.parametrize("broken", LEVEL_BROKEN, ids=lambda b: b.name)
def test_a_server_is_found_with_the_right_clause_and_level(broken: Broken) -> None:
    app = broken.build(create_app(Settings(seed=0)), DEFAULT_API_KEY)
    report = verify_in_process(app, DEFAULT_API_KEY, profile="quick", select=_catching(broken))
    level = _lowest_level(report, broken.expect)
    assert level == LEVEL_OF[broken.name], report.render()
    report.level = levels.STRICT
    assert report.exit_code == 1
    report.level = levels.DOCUMENTED
    assert report.exit_code == (0 if level == levels.STRICT else 1), report.render()


def test_a_missing_add_is_one_cause_and_blocks_the_rules_instead_of_failing_them() -> None:
    (broken,) = [b for b in LEVEL_BROKEN if b.name == "add-not-routed"]
    app = broken.build(create_app(Settings(seed=0)), DEFAULT_API_KEY)
    report = verify_in_process(
        app, DEFAULT_API_KEY, profile="quick", select=checks_of_required_operations()
    )
    assert len(report.findings) <= 3, report.render()
    assert report.findings[0].title == "POST /v1/memories/ is missing: a valid request got 404"
    blocked = [r.check_id for r in report.results if r.blocked_by is not None]
    assert blocked == [r.check_id for r in report.results if r.check_id.startswith("rule-")]
    assert "blocked by POST /v1/memories/ is missing (404)" in report.render()


# Twelve single faults of the library, one server: each breaks one clause in one place.
TWELVE = (
    "ping-without-project-id",
    "event-500-unknown",
    "duplicate-id",
    "update-unknown-id",
    "no-www-authenticate",
    "paraphrases-verbatim",
    "v11-for-v10",
    "refuses-null-metadata",
    "crash-blank-content",
    "accepts-text-plain",
    "crash-long-content",
    "refuses-category-list",
)
RULES_1_TO_7 = tuple(s.id for s in registered() if s.id.startswith("rule-"))[:7]


def test_a_server_with_twelve_causes_gets_twelve_findings() -> None:
    by_name = {b.name: b for b in (*BROKEN, *LEVEL_BROKEN)}
    app: Any = create_app(Settings(seed=0))
    for name in TWELVE:
        app = by_name[name].build(app, DEFAULT_API_KEY)
    report = verify_in_process(
        app, DEFAULT_API_KEY, profile="quick", select=("ping", *RULES_1_TO_7, "event-lookup")
    )
    findings = report.findings
    assert len(findings) == 12, "\n".join(f"{f.clause} | {f.title}" for f in findings)
    for name in TWELVE:
        expect = by_name[name].expect
        assert any(matches(f.examples[0], expect) for f in findings), name
    # Rule 6 alone breaks five ways here: five findings, each shown once.
    text = report.render()
    assert text.count("a valid request (whitespace-only content) was crashed on with 500") == 2


def _queue_by_default(body: dict[str, Any]) -> None:
    if body.get("async_mode") is None:
        body["async_mode"] = True


def test_a_server_that_queues_when_async_mode_is_absent_conforms_and_is_said_to() -> None:
    # Mem0's docs default async_mode to true, the kit to false: absent, either answer is fine.
    app = on_add_body(_queue_by_default)(create_app(Settings(seed=0)), DEFAULT_API_KEY)
    report = verify_in_process(app, DEFAULT_API_KEY, profile="quick", select=("rule-5-shape",))
    assert report.exit_code == 0, report.render()
    report.level = levels.STRICT
    assert report.exit_code == 0
    (result,) = report.results
    assert result.note == "4 of 4 shapes seen; without async_mode it answered queued"


def test_a_ping_without_user_email_is_not_said_to_stop_the_clients() -> None:
    (broken,) = [b for b in LEVEL_BROKEN if b.name == "ping-without-user-email"]
    app = broken.build(create_app(Settings(seed=0)), DEFAULT_API_KEY)
    report = verify_in_process(app, DEFAULT_API_KEY, profile="quick", select=("ping",))
    (failure,) = [f for r in report.results for f in r.failures]
    assert "official clients do not read" in failure.title, failure.title
    assert "needs to start" not in failure.title
