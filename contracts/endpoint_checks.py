"""Rule 6 (probes), rule 7 (auth on every operation), ping and the event lookup."""

from __future__ import annotations

from typing import Any

from contracts import spec
from contracts.checks import CheckResult
from contracts.context import RunContext
from contracts.failures import Failure
from contracts.probes import Probe, base_body, invalid_probes, valid_probes
from contracts.rules import rule
from contracts.shapes import queued_ids_of
from contracts.target import Exchange

# Statuses a valid request may get without breaking rule 6 (bad key, too large, rate limited).
_EXCUSED = frozenset({401, 413, 429})


def _fail(
    result: CheckResult,
    clause: str,
    title: str,
    message: str,
    exchange: Exchange,
    number: int | None = None,
) -> None:
    if any(f.title == title for f in result.failures):
        return
    result.failures.append(
        Failure(
            check_id=result.check_id,
            clause=clause,
            title=title,
            message=message,
            curl=exchange.curl(),
            status=exchange.status,
            body_excerpt=exchange.excerpt(),
            rule=number,
        )
    )


def judge_error_answer(
    result: CheckResult, exchange: Exchange, what: str, field: str | None = None
) -> None:
    """A non-200 answer: a status the operation declares, JSON, the one error envelope."""
    op = spec.operation_for(exchange.method, exchange.url) or spec.operation("addMemories")
    if exchange.status not in op.statuses():
        declared = ", ".join(str(s) for s in sorted(op.statuses()))
        _fail(
            result,
            "schema: status_code_conformance",
            f"{op.label} answered {exchange.status}, which openapi.yaml does not declare",
            f"{what}: the declared statuses are {declared}",
            exchange,
        )
        return
    if exchange.content_type != "application/json":
        _fail(
            result,
            "schema: content_type_conformance",
            f"a {exchange.status} answer is {exchange.content_type or 'untyped'}, not JSON",
            f"{what}: every answer is application/json",
            exchange,
        )
        return
    errors = spec.schema_errors("Error", exchange.json(default=None))
    if errors:
        _fail(
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
            _fail(
                result,
                "schema: response_schema_conformance (Error envelope)",
                f"a 400 for a bad {field} does not name it in details.errors",
                f"{what}: details.errors names {named or 'no field'}",
                exchange,
            )


def _send_probe(ctx: RunContext, probe: Probe) -> Exchange:
    return ctx.session.send(
        "POST",
        spec.operation("addMemories").path,
        content=probe.payload(),
        headers={"Content-Type": probe.content_type},
    )


def validation(ctx: RunContext, result: CheckResult) -> None:
    words = rule(6).label
    for probe in valid_probes(ctx):
        result.cases += 1
        exchange = _send_probe(ctx, probe)
        if exchange.status == 200 or exchange.status in _EXCUSED:
            continue
        kind = "crashed on" if exchange.status >= 500 else "refused"
        _fail(
            result,
            words,
            f"a valid request ({probe.name}) was {kind} with {exchange.status}",
            f"the body satisfies openapi.yaml ({probe.name}) yet got {exchange.status}",
            exchange,
            6,
        )
    for probe in invalid_probes(ctx):
        result.cases += 1
        exchange = _send_probe(ctx, probe)
        if 400 <= exchange.status < 500:
            judge_error_answer(result, exchange, f"invalid request ({probe.name})", probe.field)
            continue
        _fail(
            result,
            words,
            f"an invalid request ({probe.name}) got {exchange.status}",
            f"the body breaks openapi.yaml ({probe.name}): expected a 4xx, got {exchange.status}",
            exchange,
            6,
        )


def _queued_event_id(ctx: RunContext) -> str | None:
    body = {**base_body(ctx, "auth-event"), "async_mode": True, "output_format": "v1.1"}
    exchange = ctx.session.send("POST", spec.operation("addMemories").path, json_body=body)
    ids = queued_ids_of(exchange.json(default=None)) if exchange.status == 200 else []
    return ids[0] if ids else None


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


def auth(ctx: RunContext, result: CheckResult) -> None:
    words = rule(7).label
    memories, ping, event = (spec.operation(o) for o in ("addMemories", "ping", "getEvent"))
    event_id = _queued_event_id(ctx) or "evt-unknown"
    requests: list[tuple[str, str, str, Any]] = [
        ("a valid add", memories.method, memories.path, base_body(ctx, "auth")),
        ("an invalid add", memories.method, memories.path, {"messages": []}),
        ("ping", ping.method, ping.path, None),
        ("an event lookup", event.method, event.path.replace("{event_id}", event_id), None),
    ]
    for what, method, path, body in requests:
        for how, header in _bad_credentials(ctx):
            result.cases += 1
            json_body = {"json_body": body} if body is not None else {}
            exchange = ctx.session.send(method, path, auth=header, **json_body)
            situation = f"{what} ({method} {path.split('?')[0]}) with {how}"
            if exchange.status != 401:
                _fail(
                    result,
                    words,
                    f"{what} with {how} got {exchange.status}",
                    f"{situation}: expected 401, got {exchange.status}",
                    exchange,
                    7,
                )
                continue
            if exchange.headers.get("www-authenticate", "").strip() != "Token":
                _fail(
                    result,
                    "schema: response_headers_conformance (401)",
                    "a 401 lacks WWW-Authenticate: Token",
                    f"{situation}: WWW-Authenticate is "
                    f"{exchange.headers.get('www-authenticate')!r}",
                    exchange,
                )
            judge_error_answer(result, exchange, situation)


def ping(ctx: RunContext, result: CheckResult) -> None:
    op = spec.operation("ping")
    result.cases += 1
    exchange = ctx.session.send(op.method, op.path)
    if exchange.status != 200:
        judge_error_answer(result, exchange, "ping with a valid key")
        return
    errors = spec.schema_errors("Ping", exchange.json(default=None))
    if errors:
        _fail(
            result,
            "ping: status, org_id, project_id and user_email (openapi.yaml Ping)",
            "ping does not give what the official client needs to start",
            "; ".join(errors[:4]),
            exchange,
        )


def event_lookup(ctx: RunContext, result: CheckResult) -> None:
    op = spec.operation("getEvent")
    unknown = f"{ctx.prefix}no-such-event"
    result.cases += 1
    exchange = ctx.session.send(op.method, op.path.replace("{event_id}", unknown))
    if exchange.status != 404:
        _fail(
            result,
            "event lookup: 404 for an event id this project never issued",
            f"an unknown event id got {exchange.status}",
            f"GET {op.path} with {unknown!r}: expected 404, got {exchange.status}",
            exchange,
        )
    else:
        judge_error_answer(result, exchange, "an unknown event id")
    event_id = _queued_event_id(ctx)
    if event_id is None:
        result.exercised = False
        result.note = "no queued add to look up"
        return
    result.cases += 1
    exchange = ctx.session.send(op.method, op.path.replace("{event_id}", event_id))
    errors = spec.schema_errors("EventStatus", exchange.json(default=None))
    if exchange.status != 200 or errors:
        _fail(
            result,
            "event lookup: an issued event id resolves (openapi.yaml EventStatus)",
            f"a queued add's event id got {exchange.status}",
            "; ".join(errors[:3]) or f"expected 200, got {exchange.status}",
            exchange,
        )
