"""The `ping` check: `GET /v1/ping/` gives what the official client needs to start."""

from __future__ import annotations

from contracts.checks import CheckResult, check
from contracts.error_answers import fail_once, judge_error_answer
from contracts.run_context import RunContext
from mem0spec import bundled

# What the official clients read from ping (the rest of `Ping` is the contract's alone).
CLIENT_FIELDS = ("status", "org_id", "project_id")


@check("ping", "GET /v1/ping/ answers with status, org_id, project_id and user_email")
def ping(ctx: RunContext, result: CheckResult) -> None:
    """The official client reads `org_id` and `project_id` from ping and cannot start without them;
    the answer must match `components.schemas.Ping`."""
    op = bundled().operation("ping")
    result.cases += 1
    exchange = ctx.session.send(op.method, op.path)
    if exchange.status != 200:
        judge_error_answer(result, exchange, "ping with a valid key")
        return
    errors = bundled().schema_errors("Ping", exchange.json(default=None))
    if errors:
        needed = any(name in error for error in errors for name in CLIENT_FIELDS)
        fail_once(
            result,
            "ping: status, org_id, project_id and user_email (openapi.yaml Ping)",
            "ping does not give what the official client needs to start"
            if needed
            else "ping's answer is not the contract's Ping (the official clients do not read "
            "what is wrong: a strict finding)",
            "; ".join(errors[:4]),
            exchange,
        )
