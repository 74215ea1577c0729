"""The request pipeline: each request for a contract operation meets its gates in the order the
contract implies, then the operation's answer.

auth (401) -> Prefer (400) -> latency -> forced code -> rate limit (429) -> media type (415) ->
size (413) -> JSON and schema (400) -> path and query parameters (400) -> injected fault (500) ->
the answer (`mockserver/answers/registry.py`). Every gate either passes or raises `Rejected` with
its answer. Before any of them, queued adds that are due are done (`state.queue`), so a request
sees what every earlier add wrote; but for ping, which reads no memory, so that a client's ping
never waits for another client's queued add.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mem0spec import Operation
from mockserver.answers.body import read_json
from mockserver.answers.forced import forced_reply
from mockserver.answers.prefer import Prefer, PreferError, parse_prefer
from mockserver.answers.rejection import Rejected, reject
from mockserver.http.messages import Incoming, Reply
from mockserver.state.rate_limits import RateWindow
from mockserver.validation.auth import SCHEME, authorization_problem
from mockserver.validation.parameters import typed_query
from mockserver.validation.wording import FieldError

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["Call", "answer"]

_NO_PREFERENCE = Prefer()
_READS_NO_MEMORY = frozenset({"ping"})


@dataclasses.dataclass
class Call:
    """One request in flight: what the journal records about it."""

    body: Any = None  # the parsed JSON
    raw: bytes = b""  # the body as received


async def answer(state: MockState, operation: Operation, request: Incoming, call: Call) -> Reply:
    """The answer to one request for a contract operation."""
    window: RateWindow | None = None
    if operation.operation_id not in _READS_NO_MEMORY:
        await state.queue.run_pending()
    try:
        window = await _gate(state, operation, request)
        if operation.body_schema is not None:
            await read_json(state, operation, request, call)
        op_id = operation.operation_id
        for name, value in request.path_params.items():
            if not state.validator.param_is_valid(op_id, "path", name, value):
                rule = _path_rule(operation, name)
                reject(400, f"{name}: {rule}.", (FieldError(name, rule),))
        if operation.parameters:
            request.params, errors = typed_query(
                operation.parameters,
                request.query_params(),
                state.validator.query_validators(op_id),
            )
            if errors:
                detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
                reject(400, f"{detail}.", tuple(errors))
        if state.faults.rate and state.faults.should_fail(_channel(state, op_id, request, call)):
            reject(500, "The server failed to process the request (an injected fault).")
        reply = await state.answers[op_id](state, request, call.body)
    except Rejected as rejected:
        reply = rejected.reply
    if window is not None and reply.status != 429:
        reply.headers.update(window.headers())
    return reply


async def _gate(state: MockState, operation: Operation, request: Incoming) -> RateWindow | None:
    """Auth, Prefer, latency, forced codes and the rate limit: everything before the body."""
    authorization = request.headers.get("authorization")
    problem = authorization_problem(authorization, state.keys)
    if problem is not None:
        reject(401, problem, headers={"WWW-Authenticate": SCHEME})
    assert authorization is not None  # it named a known key
    prefer = _NO_PREFERENCE
    if "prefer" in request.headers:
        try:
            prefer = parse_prefer(request.header_values("prefer"), operation.statuses)
        except PreferError as error:
            reject(400, str(error), (FieldError("Prefer", str(error)),))
    delay = state.settings.latency_ms + prefer.delay_ms
    if delay:
        await asyncio.sleep(delay / 1000)
    forced = prefer.code
    if forced is None and state.settings.force_status in operation.statuses:
        forced = state.settings.force_status
    if forced is not None and forced != 200:
        raise Rejected(forced_reply(state, request, forced))
    key = authorization.partition(" ")[2]
    window = state.limiter.hit(key)
    if window is not None and not window.allowed:
        reject(429, window.detail, headers=window.throttled_headers())
    return window


def _path_rule(operation: Operation, name: str) -> str:
    for parameter in operation.parameters:
        if parameter.name == name and parameter.location == "path":
            schema = parameter.schema
            if schema.get("format") == "uuid":
                return "must be a UUID"
            if schema.get("enum"):
                return f"must be one of {', '.join(map(str, schema['enum']))}"
    return "is not a valid value"


def _channel(state: MockState, op_id: str, request: Incoming, call: Call) -> object:
    """What a fault's count runs over: the add's scope, else the operation and its parameters."""
    if isinstance(call.body, Mapping):
        return (op_id, state.scope_key(call.body))
    return (op_id, tuple(sorted(request.path_params.items())))
