from __future__ import annotations

import pytest

from contracts import RunContext, Target
from contracts.rules.validation_probes import invalid_probes, valid_probes
from mem0spec import bundled


def _is_valid_request(body: object) -> bool:
    return not bundled().schema_errors("AddMemoriesRequest", body)


@pytest.fixture
def context() -> RunContext:
    ctx = RunContext(Target("http://127.0.0.1:1", "k", run_id="t"))
    ctx.ping = {"org_id": "org_x", "project_id": "proj_x"}
    return ctx


def test_valid_probes_satisfy_the_schema(context: RunContext) -> None:
    probes = list(valid_probes(context))
    assert len(probes) > 20
    assert [p.name for p in probes if not _is_valid_request(p.body)] == []


def test_invalid_probes_break_the_schema(context: RunContext) -> None:
    json_probes = [p for p in invalid_probes(context) if not isinstance(p.body, bytes)]
    declared_json = [p for p in json_probes if p.content_type == "application/json"]
    assert [p.name for p in declared_json if _is_valid_request(p.body)] == []


def test_probes_only_touch_this_runs_scopes(context: RunContext) -> None:
    for probe in [*valid_probes(context), *invalid_probes(context)]:
        if isinstance(probe.body, dict):
            ids = [probe.body.get(name) for name in bundled().scope_fields()]
            assert all(not v or not isinstance(v, str) or v.startswith("mck-t-") for v in ids), (
                probe
            )
