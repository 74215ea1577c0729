from __future__ import annotations

import copy

import schemathesis

from contracts import RunContext, Target
from contracts.schema_checks import confine_to_run
from mem0spec import bundled


def test_generated_ids_are_confined_to_the_run() -> None:
    ctx = RunContext(Target("http://127.0.0.1:1", "k", run_id="abc"))
    ctx.ping = {"org_id": "org_mine", "project_id": "proj_mine"}
    operation = schemathesis.openapi.from_dict(
        copy.deepcopy(bundled().document)
    ).find_operation_by_id("addMemories")
    original = {
        "messages": [{"role": "user", "content": "x"}],
        "user_id": "alex",
        "agent_id": "",
        "run_id": 7,
        "org_id": "org_someone_else",
        "project_id": None,
    }
    case = operation.Case(body=original)
    confine_to_run(case, ctx)
    assert case.body == {
        "messages": [{"role": "user", "content": "x"}],
        "user_id": "mck-abc-fz-alex",
        "agent_id": "",
        "run_id": 7,
        "org_id": "org_mine",
        "project_id": None,
    }
    assert original["user_id"] == "alex"
