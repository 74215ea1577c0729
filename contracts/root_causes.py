"""The root-cause pass: before the checks, one valid add shows whether judging the add can work.

A server whose `POST /v1/memories/` is not routed (404, 405, 501), or that refuses the key the
ping accepted as `Authorization: Token <key>`, would fail every rule that adds memories, dozens of
times over, and never say why. The pass finds such a cause once: the add's schema check reports
it, and every check that needs the add is marked *blocked by* it instead of failing again.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.add_requests import base_body
from contracts.failures import Failure
from contracts.levels import CLIENTS
from contracts.run_context import RunContext
from contracts.served import unserved
from mem0spec import bundled


@dataclass(frozen=True)
class Cause:
    """What keeps the add from being judged: `summary` is what a blocked check says, `failure`
    is reported once, by the check `owner`."""

    summary: str
    failure: Failure
    owner: str

    def blocks(self, check_id: str) -> bool:
        """Every rule sends adds, so none can be judged without it."""
        return check_id.startswith("rule-")


def find(ctx: RunContext) -> Cause | None:
    """Send one valid add; the cause that blocks the add's checks, or None when it answers."""
    add = bundled().operation("addMemories")
    owner = f"schema:{add.label}"
    found = unserved(ctx, add.method, add.path, base_body(ctx, "root-cause"))
    if found is not None:
        summary = f"{add.label} is missing ({found.status})"
        failure = Failure.from_exchange(
            owner,
            "required operation",
            f"{add.label} is missing: a valid request got {found.status}",
            f"openapi.yaml marks {add.label} x-conformance: required, so every Mem0-compatible "
            f"server serves it; this server answered {found.reason}. The rules that add "
            "memories are blocked by it.",
            found.exchange,
            level=CLIENTS,
        )
        return Cause(summary, failure, owner)
    exchange = ctx.session.send(add.method, add.path, json_body=base_body(ctx, "root-cause-auth"))
    if exchange.status in (401, 403):
        summary = f"{add.label} refuses the key that ping accepted ({exchange.status})"
        failure = Failure.from_exchange(
            owner,
            "authentication scheme",
            f"a valid add with 'Authorization: Token <key>' got {exchange.status}",
            f"GET /v1/ping/ accepted the key as 'Token <key>', {add.label} refused it: the "
            "server wants another scheme or another key for adds. The rules that add memories "
            "are blocked by it.",
            exchange,
            level=CLIENTS,
        )
        return Cause(summary, failure, owner)
    return None
