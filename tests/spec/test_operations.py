"""`read_operations`: what an operation of the document says, `x-conformance` included."""

from __future__ import annotations

from typing import Any

import pytest

from mem0spec import bundled
from mem0spec.operations import read_operations


def _document(**marks: Any) -> dict[str, Any]:
    """Three operations: `served` marked required, `extra` marked optional, `plain` unmarked;
    a keyword replaces an operation's mark (None removes it)."""
    levels = {"served": "required", "extra": "optional", "plain": None, **marks}
    paths: dict[str, Any] = {}
    for name, level in levels.items():
        operation: dict[str, Any] = {"operationId": name, "responses": {"200": {"description": ""}}}
        if level is not None:
            operation["x-conformance"] = level
        paths[f"/v1/{name}/"] = {"get": operation}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}


def test_x_conformance_is_read_and_absent_means_optional() -> None:
    operations = read_operations(_document())
    assert {name: op.conformance for name, op in operations.items()} == {
        "served": "required",
        "extra": "optional",
        "plain": "optional",
    }
    assert [name for name, op in operations.items() if op.required] == ["served"]


@pytest.mark.parametrize("level", ["mandatory", "Required", True, 1])
def test_an_unknown_conformance_level_is_refused_naming_the_operation(level: Any) -> None:
    with pytest.raises(
        ValueError, match=r"GET /v1/extra/: x-conformance is .*required or optional"
    ):
        read_operations(_document(extra=level))


def test_the_bundled_contract_requires_add_ping_and_the_event_lookup_only() -> None:
    # What every Mem0-compatible server has served since the contract began; the operations the
    # contract grew since are optional.
    required = {op.operation_id for op in bundled().operations.values() if op.required}
    assert required == {"addMemories", "ping", "getEvent"}
