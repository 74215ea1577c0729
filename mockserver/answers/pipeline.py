"""The contract's three operations, each answered in the order the contract implies:

method -> auth (401) -> Prefer (400) -> latency -> forced code -> rate limit (429) -> media type
(415) -> size (413) -> JSON and schema (400) -> injected fault (500) -> the answer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import json
from collections.abc import Mapping
from typing import Any, NoReturn

import anyio.to_thread

from mockserver.answers.controls import Prefer, PreferError, RateWindow, parse_prefer
from mockserver.errors import FieldError, json_value
from mockserver.http.messages import Incoming, Reply, error_reply
from mockserver.memory.reconcile import AddOptions, MemoryEvent, StoredMemory, apply_add
from mockserver.state.mock_state import MockState
from mockserver.state.store import EventRecord, ScopeKey, ScopeState, StoreFull
from mockserver.validation.auth import SCHEME, authorization_problem
from mockserver.validation.schemas import Operation

__all__ = ["Call", "answer"]

QUEUED_MESSAGE = "Memory processing has been queued for background execution"
# Adds with more messages are reconciled in a worker thread (see mockserver/serial.py).
OFFLOAD_MESSAGES = 100
# Rejected bodies larger than this are worded by openapi-core in a worker thread.
OFFLOAD_BYTES = 64 * 1024
_NO_PREFERENCE = Prefer()


@dataclasses.dataclass
class Call:
    """One request in flight: what the journal records about it."""

    body: Any = None  # the parsed JSON
    raw: bytes = b""  # the body as received


class _Rejected(Exception):
    def __init__(self, reply: Reply) -> None:
        self.reply = reply


def _reject(
    status: int,
    detail: str,
    errors: tuple[FieldError, ...] = (),
    headers: dict[str, str] | None = None,
) -> NoReturn:
    raise _Rejected(error_reply(status, detail, errors, headers))


async def answer(state: MockState, operation: Operation, request: Incoming, call: Call) -> Reply:
    """The answer to one request for a contract operation."""
    window: RateWindow | None = None
    try:
        window = await _gate(state, operation, request)
        if operation.body_schema is not None:
            await _read_json(state, operation, request, call)
        for name, value in request.path_params.items():
            if not state.contract.param_is_valid(operation.operation_id, "path", name, value):
                _reject(400, f"{name}: is not a valid value.", (FieldError(name, "is invalid"),))
        if state.faults.rate and state.faults.should_fail(
            _channel(state, operation, request, call.body)
        ):
            _reject(500, "The server failed to process the request (an injected fault).")
        reply = await _HANDLERS[operation.operation_id](state, request, call.body)
    except _Rejected as rejected:
        reply = rejected.reply
    if window is not None and reply.status != 429:
        reply.headers.update(window.headers())
    return reply


async def _gate(state: MockState, operation: Operation, request: Incoming) -> RateWindow | None:
    """Auth, Prefer, latency, forced codes and the rate limit: everything before the body."""
    authorization = request.headers.get("authorization")
    problem = authorization_problem(authorization, state.keys)
    if problem is not None:
        _reject(401, problem, headers={"WWW-Authenticate": SCHEME})
    assert authorization is not None  # it named a known key
    prefer = _NO_PREFERENCE
    if "prefer" in request.headers:
        try:
            prefer = parse_prefer(request.header_values("prefer"), operation.statuses)
        except PreferError as error:
            _reject(400, str(error), (FieldError("Prefer", str(error)),))
    delay = state.settings.latency_ms + prefer.delay_ms
    if delay:
        await asyncio.sleep(delay / 1000)
    forced = prefer.code
    if forced is None and state.settings.force_status in operation.statuses:
        forced = state.settings.force_status
    if forced is not None and forced != 200:
        raise _Rejected(_forced(state, operation, request, forced))
    key = authorization.partition(" ")[2]
    window = state.limiter.hit(key)
    if window is not None and not window.allowed:
        _reject(429, window.detail, headers=window.throttled_headers())
    return window


def _forced(state: MockState, operation: Operation, request: Incoming, status: int) -> Reply:
    """Exactly the documented error for `status`, with the headers the contract requires."""
    limit = state.settings.max_body_bytes
    content_type = request.headers.get("content-type", "")
    details = {
        400: ("The request was rejected, as asked (Prefer: code=400 or --force-status).", {}),
        401: ("Invalid API key.", {"WWW-Authenticate": SCHEME}),
        404: (f"No event with id {request.path_params.get('event_id', '')!r} in this project.", {}),
        413: (f"The request body is larger than {limit} bytes.", {}),
        415: (f"Content-Type must be application/json, not {content_type!r}.", {}),
        500: ("The server failed to process the request.", {}),
        503: ("The service is temporarily unavailable.", {"Retry-After": "1"}),
    }
    if status == 429:
        window = state.limiter.forced()
        return error_reply(429, window.detail, headers=window.throttled_headers())
    detail, headers = details.get(status, (f"The mock answered {status} as asked.", {}))
    return error_reply(status, detail, headers=headers)


async def _read_json(state: MockState, operation: Operation, request: Incoming, call: Call) -> None:
    """Parse and validate the body into `call.body` (the text, when it is not JSON)."""
    content_type = request.headers.get("content-type")
    media_type = (content_type or "").partition(";")[0].strip().lower()
    if media_type not in operation.body_media_types:
        shown = "missing" if content_type is None else repr(content_type)
        _reject(
            415, f"Content-Type must be {' or '.join(operation.body_media_types)}, not {shown}."
        )
    limit = state.settings.max_body_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        _reject(413, f"The request body is larger than {limit} bytes.")
    raw = await request.body(limit)
    if raw is None:
        _reject(413, f"The request body is larger than {limit} bytes.")
    call.raw = raw
    call.body = _parse_json(raw)
    op_id = operation.operation_id
    if state.contract.body_is_valid(op_id, call.body):
        return
    # Wording a rejection costs openapi-core's time (seconds for a large body): off the loop then.
    if len(raw) > OFFLOAD_BYTES:
        verdict = await anyio.to_thread.run_sync(state.contract.explain_body, op_id, call.body)
    else:
        verdict = state.verdicts.explain(op_id, raw, call.body)
    raise _Rejected(error_reply(400, verdict.detail, verdict.errors))


def _not_json(message: str) -> NoReturn:
    _reject(400, f"body: {message}.", (FieldError("body", message),))


def _parse_json(raw: bytes) -> Any:
    if not raw:
        _not_json("is required (a JSON object)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        _not_json(f"is not valid UTF-8 (byte {error.start})")
    try:
        return json_value(text)
    except (ValueError, RecursionError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error) or "too deep"
        _not_json(f"is not valid JSON ({reason})")


def _channel(state: MockState, operation: Operation, request: Incoming, body: Any) -> object:
    if isinstance(body, Mapping):
        return (operation.operation_id, _scope_key(state, body))
    return (operation.operation_id, tuple(sorted(request.path_params.items())))


def _scope_key(state: MockState, body: Mapping[str, Any]) -> ScopeKey:
    ids = [body.get(name) or None for name in state.scope_fields]
    org = body.get("org_id") or state.settings.org_id
    project = body.get("project_id") or state.settings.project_id
    return (org, project, *ids)


# -- the operations ------------------------------------------------------------------------------


def _value(state: MockState, body: Mapping[str, Any], name: str) -> Any:
    value = body.get(name)
    return state.add_defaults.get(name) if value is None else value


def _categories(value: Any) -> dict[str, str] | None:
    """Both request forms of custom_categories as one dict (later names win)."""
    if value is None:
        return None
    merged: dict[str, str] = {}
    for mapping in value if isinstance(value, list) else [value]:
        merged.update(mapping)
    return merged


def _v11(event: MemoryEvent) -> dict[str, Any]:
    item: dict[str, Any] = {"id": event.id, "memory": event.memory, "event": event.event}
    if event.event == "UPDATE":
        item["previous_memory"] = event.previous_memory
    return item


def _v10(event: MemoryEvent) -> dict[str, Any]:
    return {"id": event.id, "data": {"memory": event.memory}, "event": event.event}


async def add_memories(state: MockState, request: Incoming, body: Any) -> Reply:
    del request
    settings = state.settings
    key = _scope_key(state, body)
    expiration = body.get("expiration_date")
    options = AddOptions(
        infer=_value(state, body, "infer"),
        includes=body.get("includes"),
        excludes=body.get("excludes"),
        immutable=_value(state, body, "immutable"),
        expiration_date=datetime.date.fromisoformat(expiration) if expiration else None,
        custom_categories=_categories(body.get("custom_categories")),
        metadata=body.get("metadata"),
        today=settings.current_date(),
    )
    if settings.stateless:
        scope = ScopeState()
    else:
        try:
            state.store.check_room(sum(len(m["content"]) for m in body["messages"]))
            scope = state.store.scope(key)
        except StoreFull as full:
            window = state.limiter.forced()
            return error_reply(429, str(full), headers=window.throttled_headers())
    messages = body["messages"]

    def new_id(text: str) -> str:
        return state.store.new_memory_id(key, scope, text)

    large = len(messages) > OFFLOAD_MESSAGES
    if not large and not state.serializer.busy(key):
        return _answer(
            state, body, key, scope, apply_add(scope.memories, messages, options, new_id)
        )
    async with state.serializer.hold(key):
        if large:  # only the pure engine leaves the loop; the store is touched here
            outcome = await anyio.to_thread.run_sync(
                apply_add, scope.memories, messages, options, new_id
            )
        else:
            outcome = apply_add(scope.memories, messages, options, new_id)
        return _answer(state, body, key, scope, outcome)


def _answer(
    state: MockState,
    body: Any,
    key: ScopeKey,
    scope: ScopeState,
    outcome: tuple[list[MemoryEvent], list[StoredMemory]],
) -> Reply:
    """Keep the engine's outcome in the scope and shape the answer."""
    settings = state.settings
    messages = body["messages"]
    events, after = outcome
    if not settings.stateless:
        state.store.keep(scope, after)
    v11_format = _value(state, body, "output_format") != state.add_defaults.get("output_format")
    if _value(state, body, "async_mode"):
        text = json.dumps([m.get("content") for m in messages], ensure_ascii=False)
        event_id = state.store.new_event_id(key, scope, text)
        results = tuple(_v11(event) for event in events)
        state.store.add_event(EventRecord(event_id, key, "SUCCEEDED", results))
        items: list[dict[str, Any]] = [
            {"message": QUEUED_MESSAGE, "status": "PENDING", "event_id": event_id}
        ]
    else:
        items = [(_v11 if v11_format else _v10)(event) for event in events]
    return Reply({"results": items} if v11_format else items)


async def ping(state: MockState, request: Incoming, body: Any) -> Reply:
    del request, body
    settings = state.settings
    return Reply(
        {
            "status": "ok",
            "org_id": settings.org_id,
            "project_id": settings.project_id,
            "user_email": settings.user_email,
        }
    )


async def get_event(state: MockState, request: Incoming, body: Any) -> Reply:
    del body
    event_id = request.path_params["event_id"]
    record = state.store.events.get(event_id)
    if record is None:
        return error_reply(404, f"No event with id {event_id!r} in this project.")
    return Reply({"id": record.id, "status": record.status, "results": list(record.results)})


_HANDLERS = {"addMemories": add_memories, "ping": ping, "getEvent": get_event}
