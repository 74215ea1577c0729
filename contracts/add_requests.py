"""Adds the endpoint checks and rules 6 and 7 send: a small valid body in this run's scopes, and a
queued add whose `event_id` can be looked up (the v1 add with `async_mode: true`, else the v3 add,
queued by default: whichever the server queues, in any shape `queued_ids_of` reads)."""

from __future__ import annotations

from typing import Any

from contracts.run_context import RunContext
from mem0spec import bundled, queued_ids_of


def base_body(ctx: RunContext, label: str) -> dict[str, Any]:
    """A valid add in its own scope (`mck-<run>-probe-<label>`)."""
    return {
        "messages": [{"role": "user", "content": "I like hiking on weekends."}],
        "user_id": ctx.scope_id(f"probe-{label}"),
    }


def queued_event_id(ctx: RunContext) -> str | None:
    """The `event_id` of a fresh queued add, None when the server queued nothing."""
    v1 = {**base_body(ctx, "auth-event"), "async_mode": True, "output_format": "v1.1"}
    for operation_id, body in (("addMemories", v1), ("addMemoriesV3", base_body(ctx, "v3-event"))):
        op = bundled().operation(operation_id)
        exchange = ctx.session.send(op.method, op.path, json_body=body)
        ids = queued_ids_of(exchange.json(default=None)) if exchange.status == 200 else []
        if ids:
            return ids[0]
    return None
