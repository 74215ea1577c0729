"""Each rule module holds its rule: numbered 1-7 in order, under the id its check is planned by."""

from __future__ import annotations

import pytest

from contracts import Target, plan
from contracts.rules import auth, ids, immutable, live_scope, shape, validation, verbatim
from contracts.rules.rule import Rule

MODULES = (ids, live_scope, immutable, verbatim, shape, validation, auth)


def test_the_modules_hold_rules_1_to_7() -> None:
    assert [module.RULE.number for module in MODULES] == list(range(1, 8))


@pytest.mark.parametrize("rule", [m.RULE for m in MODULES], ids=lambda r: r.check_id)
def test_each_rule_is_planned_under_its_id_and_words(rule: Rule) -> None:
    titles = {c.id: c.title for c in plan(Target("http://127.0.0.1:1", "k"))}
    assert titles[rule.check_id] == rule.label
    assert rule.label == f"Rule {rule.number}: {rule.words}"


def test_rule_words_are_quoted_as_the_contract_words_them() -> None:
    assert immutable.RULE.label == (
        "Rule 3: a memory added with immutable: true is never later UPDATEd or DELETEd"
    )
    assert live_scope.RULE.check_id == "rule-2-live-scope"
