"""Every deliberately broken server fails `verify` (exit 1) naming the clause it breaks.

A representative subset runs in every suite with the quick profile; the whole table runs under
`slow` with the default profile, the one `mem0-kit verify` uses. Each broken server is judged with
the checks that can catch what it breaks (`checks_that_catch`: its rule's check, or the required
operations' schema checks for a schema clause); the whole plan runs against the mock and the
reference in test_runner.py.
"""

from __future__ import annotations

import pytest

from mockserver import DEFAULT_API_KEY, Settings, create_app
from tests.contracts.broken.servers import BROKEN, Broken
from tests.contracts.broken.table import checks_that_catch, judge, verify_in_process
from tests.contracts.serving import serve

FAST = ("accepts-unknown-key", "crash-non-ascii", "scope-ignores-agent", "paraphrases-verbatim")


def _check(broken: Broken, profile: str) -> None:
    app = broken.build(create_app(Settings(seed=0)), DEFAULT_API_KEY)
    report = verify_in_process(
        app, DEFAULT_API_KEY, profile=profile, select=checks_that_catch(broken)
    )
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
