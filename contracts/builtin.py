"""The built-in checks, registered in the order a report lists them."""

from __future__ import annotations

import functools

from contracts import endpoint_checks, spec
from contracts.checks import CheckResult, check
from contracts.context import RunContext
from contracts.rules import rule
from contracts.schema_layer import run_operation


def _rule_search(number: int, ctx: RunContext, result: CheckResult) -> None:
    from contracts.search import search_rule

    outcomes = search_rule(ctx, result, number)
    seen = result.events
    if number == 1:
        result.exercised = seen["ADD"] > 0
        result.note = "" if result.exercised else "the server never ADDed"
    elif number == 2:
        result.exercised = seen["UPDATE"] + seen["DELETE"] > 0
        result.note = "" if result.exercised else "the server never UPDATEd or DELETEd"
    elif number == 3:
        challenged = sum(o.immutable_challenged for o in outcomes)
        result.exercised = challenged > 0 and seen["UPDATE"] + seen["DELETE"] > 0
        result.note = "" if result.exercised else "no UPDATE/DELETE ever happened to challenge it"
    elif number == 4:
        result.exercised = sum(o.verbatim_judged for o in outcomes) > 0
        result.note = "" if result.exercised else "no infer: false add was answered"
    elif number == 5:
        shapes = set().union(*(o.shapes for o in outcomes)) if outcomes else set()
        result.exercised = bool(shapes)
        result.note = f"{len(shapes)} of 4 shapes seen"
    skipped = sum(o.unexpected_status for o in outcomes)
    if skipped and not result.failures:
        result.note = (result.note + "; " if result.note else "") + (
            f"{skipped} valid adds answered non-200 (see rule 6)"
        )


def register() -> None:
    check("ping", "GET /v1/ping/ answers with status, org_id, project_id and user_email")(
        endpoint_checks.ping
    )
    for op in spec.operations():
        check(
            f"schema:{op.label}",
            f"{op.label} conforms to openapi.yaml (Schemathesis: examples, coverage, fuzzing)",
        )(functools.partial(run_operation, op.operation_id))
    for number in range(1, 6):
        check(rule(number).check_id, rule(number).label)(functools.partial(_rule_search, number))
    check(rule(6).check_id, rule(6).label)(endpoint_checks.validation)
    check(rule(7).check_id, rule(7).label)(endpoint_checks.auth)
    check("event-lookup", "GET /v1/event/{event_id}/: issued ids resolve, unknown ids get 404")(
        endpoint_checks.event_lookup
    )
