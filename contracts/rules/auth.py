"""Rule 7: a request without a valid key gets 401 on every operation.

Every operation (a valid add, an invalid add, ping, an event lookup) is sent with each kind of bad
credentials; each answer must be 401 with `WWW-Authenticate: Token` and the error envelope. An
*invalid* key must be refused, not only a missing one. Always exercised.
"""

from __future__ import annotations

from typing import Any

from contracts.add_requests import base_body, queued_event_id
from contracts.checks import CheckResult, check
from contracts.error_answers import fail_once, judge_error_answer
from contracts.rules.rule import Rule
from contracts.run_context import RunContext
from mem0spec import bundled

RULE = Rule(7, "auth", "a request without a valid key gets 401 on every operation")


def _bad_credentials(ctx: RunContext) -> list[tuple[str, str | None]]:
    key = ctx.target.api_key
    return [
        ("no Authorization header", None),
        ("an unknown key", f"Token {ctx.prefix}not-a-key"),
        ("the key with a character added", f"Token {key}x"),
        ("the Bearer scheme", f"Bearer {key}"),
        ("the key without a scheme", key),
        ("the scheme without a key", "Token"),
    ]


@check(RULE.check_id, RULE.label)
def auth(ctx: RunContext, result: CheckResult) -> None:
    spec = bundled()
    memories, ping, event = (spec.operation(o) for o in ("addMemories", "ping", "getEvent"))
    # A real queued id, so the lookup would succeed with a valid key: only the key is wrong.
    event_id = queued_event_id(ctx) or "evt-unknown"
    requests: list[tuple[str, str, str, Any]] = [
        ("a valid add", memories.method, memories.path, base_body(ctx, "auth")),
        ("an invalid add", memories.method, memories.path, {"messages": []}),
        ("ping", ping.method, ping.path, None),
        ("an event lookup", event.method, event.path_with(event_id=event_id), None),
    ]
    for what, method, path, body in requests:
        for how, header in _bad_credentials(ctx):
            result.cases += 1
            json_body = {"json_body": body} if body is not None else {}
            exchange = ctx.session.send(method, path, auth=header, **json_body)
            situation = f"{what} ({method} {path.split('?')[0]}) with {how}"
            if exchange.status != 401:
                fail_once(
                    result,
                    RULE.label,
                    f"{what} with {how} got {exchange.status}",
                    f"{situation}: expected 401, got {exchange.status}",
                    exchange,
                    RULE.number,
                )
                continue
            if exchange.headers.get("www-authenticate", "").strip() != "Token":
                fail_once(
                    result,
                    "schema: response_headers_conformance (401)",
                    "a 401 lacks WWW-Authenticate: Token",
                    f"{situation}: WWW-Authenticate is "
                    f"{exchange.headers.get('www-authenticate')!r}",
                    exchange,
                )
            judge_error_answer(result, exchange, situation)
