"""Rule 6: a request that breaks the schema gets a 4xx, never a 2xx or 5xx; one that satisfies it
never gets a 4xx other than 401, 413 and 429.

Judged on the targeted probes of contracts/rules/validation_probes.py: every valid probe must not be
refused, every invalid one must get a 4xx in the error envelope naming the field at fault. (The
schema layer's `negative_data_rejection` and `positive_data_acceptance` findings, and a valid add
of the played sequences answered non-200, also name this rule.) Always exercised.
"""

from __future__ import annotations

from contracts.checks import CheckResult, check
from contracts.error_answers import fail_once, judge_error_answer
from contracts.levels import CLIENTS
from contracts.rules.rule import Rule
from contracts.rules.validation_probes import Probe, invalid_probes, valid_probes
from contracts.run_context import RunContext
from contracts.session import Exchange
from mem0spec import bundled

RULE = Rule(
    6,
    "validation",
    "a request that breaks the schema gets a 4xx, never a 2xx or 5xx; "
    "one that satisfies it never gets a 4xx other than 401, 413 and 429",
)

# Statuses a valid request may get without breaking rule 6 (bad key, too large, rate limited).
_EXCUSED = frozenset({401, 413, 429})


def _send_probe(ctx: RunContext, probe: Probe) -> Exchange:
    add = bundled().operation("addMemories")
    return ctx.session.send(
        add.method, add.path, content=probe.payload(), headers={"Content-Type": probe.content_type}
    )


@check(RULE.check_id, RULE.label)
def validation(ctx: RunContext, result: CheckResult) -> None:
    for probe in valid_probes(ctx):
        result.cases += 1
        exchange = _send_probe(ctx, probe)
        if exchange.status == 200 or exchange.status in _EXCUSED:
            continue
        kind = "crashed on" if exchange.status >= 500 else "refused"
        fail_once(
            result,
            RULE.label,
            f"a valid request ({probe.name}) was {kind} with {exchange.status}",
            f"the body satisfies openapi.yaml ({probe.name}) yet got {exchange.status}",
            exchange,
            RULE.number,
            level=CLIENTS if exchange.status >= 500 else probe.level,  # a crash stops a client
        )
    for probe in invalid_probes(ctx):
        result.cases += 1
        exchange = _send_probe(ctx, probe)
        if 400 <= exchange.status < 500:
            judge_error_answer(result, exchange, f"invalid request ({probe.name})", probe.field)
            continue
        fail_once(
            result,
            RULE.label,
            f"an invalid request ({probe.name}) got {exchange.status}",
            f"the body breaks openapi.yaml ({probe.name}): expected a 4xx, got {exchange.status}",
            exchange,
            RULE.number,
            level=probe.level,  # the clients send no invalid bodies
        )
