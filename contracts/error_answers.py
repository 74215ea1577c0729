"""Judging a non-200 answer, and recording a failure once: shared by ping, the event lookup and
rules 6 and 7.

Every error the contract declares is JSON in one envelope (`components.schemas.Error`), with a
status the operation declares; a 400 names the field at fault in `details.errors`.
"""

from __future__ import annotations

from contracts.checks import CheckResult
from contracts.failures import Failure
from contracts.session import Exchange
from mem0spec import bundled


def fail_once(
    result: CheckResult,
    clause: str,
    title: str,
    message: str,
    exchange: Exchange,
    rule: int | None = None,
    level: str | None = None,
) -> None:
    """Add a failure unless one with the same title is already there: a server that breaks a
    clause on every request would otherwise bury the report in copies of it. `level` files it
    (else contracts.levels decides)."""
    if any(f.title == title for f in result.failures):
        return
    result.failures.append(
        Failure.from_exchange(
            result.check_id, clause, title, message, exchange, rule=rule, level=level
        )
    )


def judge_error_answer(
    result: CheckResult, exchange: Exchange, what: str, field: str | None = None
) -> None:
    """A non-200 answer: a status the operation declares, JSON, the one error envelope."""
    spec = bundled()
    op = spec.operation_for(exchange.method, exchange.url) or spec.operation("addMemories")
    if exchange.status not in op.statuses:
        declared = ", ".join(str(s) for s in sorted(op.statuses))
        fail_once(
            result,
            "schema: status_code_conformance",
            f"{op.label} answered {exchange.status}, which openapi.yaml does not declare",
            f"{what}: the declared statuses are {declared}",
            exchange,
        )
        return
    if exchange.content_type != "application/json":
        fail_once(
            result,
            "schema: content_type_conformance",
            f"a {exchange.status} answer is {exchange.content_type or 'untyped'}, not JSON",
            f"{what}: every answer is application/json",
            exchange,
        )
        return
    errors = spec.schema_errors("Error", exchange.json(default=None))
    if errors:
        fail_once(
            result,
            "schema: response_schema_conformance (Error envelope)",
            f"a {exchange.status} answer breaks the error envelope",
            f"{what}: " + "; ".join(errors[:3]),
            exchange,
        )
        return
    if field is not None and exchange.status == 400:
        details = exchange.json()["details"]
        named = [e.get("field", "") for e in details.get("errors", []) if isinstance(e, dict)]
        if not any(str(name).startswith(field) or field.startswith(str(name)) for name in named):
            fail_once(
                result,
                "schema: response_schema_conformance (Error envelope)",
                f"a 400 for a bad {field} does not name it in details.errors",
                f"{what}: details.errors names {named or 'no field'}",
                exchange,
            )
