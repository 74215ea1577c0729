"""The schema layer: Schemathesis, driven by the bundled openapi.yaml, one check per operation.

Each operation is first sent one valid request, to see whether the server serves it at all
(`contracts/served.py`): an optional operation it does not serve is not exercised, a required one
fails as missing. A served operation then runs the examples, coverage (for the operations the
profile names) and fuzzing phases in positive and negative generation modes, and every response
goes through the applicable built-in checks. Before a case is sent its scope ids get this run's
prefix and its org/project ids become the key's own (from ping), so fuzzing a shared deployment
never touches anyone else's memories.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import json
import re
import time
import unittest
import zlib
from typing import Any
from urllib.parse import urlencode

from contracts.checks import CheckResult, check, first_leaf, stopped_answering
from contracts.curl import render_curl
from contracts.failures import Failure
from contracts.generation_schema import unrolled
from contracts.levels import STRICT, mem0_allows, mem0_silent_on_refusing
from contracts.rules.validation_probes import path_probes
from contracts.run_context import RunContext
from contracts.served import unserved
from contracts.session import NO_BODY, Exchange
from mem0spec import Operation, bundled

# The built-in checks that apply to this contract (undeclared-method and stateful checks do not).
BUILTIN_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "missing_required_header",
    "ignored_auth",
)

# Which behavioural rule a schema-layer finding also breaks, when one does.
RULE_OF_CHECK = {
    "negative_data_rejection": 6,
    "positive_data_acceptance": 6,
    "missing_required_header": 7,
    "ignored_auth": 7,
}

# 2xx answers per operation on which ignored_auth re-sends without and with a wrong key.
_AUTH_CONFIRMATIONS = 5

# Distinct findings kept per Schemathesis check: the first is the one to act on.
_MAX_FINDINGS_PER_CHECK = 3


def _schemathesis_schema(ctx: RunContext) -> Any:
    import schemathesis

    # Schemathesis may change the schema it is given: it gets its own copy, its cycles cut to the
    # profile's nesting (contracts/generation_schema.py).
    schema = schemathesis.openapi.from_dict(unrolled(bundled().document, ctx.profile.nesting))
    schema.config.generation.update(
        modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
        max_examples=ctx.profile.schema_examples,
        database="none",
    )
    # Undeclared methods (405 + Allow) are HTTP's rule, not this contract's: not sent.
    schema.config.phases.coverage.unexpected_methods = set()
    return schema


def _settings(ctx: RunContext) -> Any:
    import hypothesis

    return hypothesis.settings(
        hypothesis.settings.get_profile("default"),
        max_examples=ctx.profile.schema_examples,
        database=None,
        deadline=None,
        derandomize=False,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        verbosity=hypothesis.Verbosity.quiet,
    )


# Path parameters that name a user, agent, app or run (`DELETE /v2/entities/{type}/{entity_id}/`).
ENTITY_ID_PARAMETERS = ("entity_id",)


def confine_to_run(case: Any, ctx: RunContext) -> None:
    """Give generated scope ids this run's prefix and org/project ids the key's own.

    Scope ids are confined wherever a case carries them: the body at any depth (an add's
    `user_id`, a search's `filters: {"AND": [{"user_id": ...}]}`, each string of an `in` list),
    the query (`DELETE /v1/memories/?user_id=...`) and the path (`entity_id`), so that no
    generated case reads, changes or deletes another scope's memories. Only string values change
    and they stay strings (non-empty ones non-empty), so a case stays exactly as valid or invalid
    as Schemathesis generated it.
    """
    names = frozenset(bundled().scope_fields())
    if isinstance(case.body, (dict, list)):
        # Generated bodies may share objects with the schema's examples: `_confined` builds new
        # dicts and lists, never changing the ones it is given.
        body = _confined(case.body, names, ctx, inside_scope=False)
        if isinstance(body, dict):
            _own_org_and_project(body, ctx)
        case.body = body
    if isinstance(case.query, dict) and case.query:
        query = {
            name: _confined(value, names, ctx, inside_scope=name in names)
            for name, value in case.query.items()
        }
        _own_org_and_project(query, ctx)
        case.query = query
    if isinstance(case.path_parameters, dict):
        for name in ENTITY_ID_PARAMETERS:
            value = case.path_parameters.get(name)
            if isinstance(value, str) and value:
                case.path_parameters = {**case.path_parameters, name: _scoped(value, ctx)}


def name_a_scope(case: Any, operation_id: str, ctx: RunContext) -> None:
    """Give a positive case the query parameter the operation's `x-at-least-one-of` asks for,
    when it has none of them (a rule OpenAPI cannot state, so Schemathesis generates such cases
    as valid): one of this run's scope ids, so the case is valid as generated and a bulk delete
    names this run's scope only."""
    names = bundled().at_least_one_query(operation_id)
    meta = getattr(case, "meta", None)
    positive = meta is None or meta.generation.mode.value == "positive"
    if not names or not positive:
        return
    query = case.query if isinstance(case.query, dict) else {}
    if not any(query.get(name) not in (None, "", []) for name in names):
        case.query = {**query, names[0]: ctx.scope_id("fz-any")}


def _scoped(value: str, ctx: RunContext) -> str:
    return ctx.scope_id("fz-" + value[:32])


def _confined(value: Any, names: frozenset[str], ctx: RunContext, inside_scope: bool) -> Any:
    """`value` with every scope id in it prefixed: strings under a scope key, at any depth."""
    if isinstance(value, str):
        return _scoped(value, ctx) if inside_scope and value else value
    if isinstance(value, list):
        return [_confined(item, names, ctx, inside_scope) for item in value]
    if isinstance(value, dict):
        return {
            key: _confined(item, names, ctx, inside_scope or key in names)
            for key, item in value.items()
        }
    return value


def _own_org_and_project(values: dict[str, Any], ctx: RunContext) -> None:
    for name in ("org_id", "project_id"):
        value = values.get(name)
        if isinstance(value, str):
            known = ctx.ping.get(name)
            if isinstance(known, str):
                values[name] = known
            else:
                del values[name]


def _negative_only_below_the_cut(case: Any, operation_id: str) -> bool:
    """Whether a case is negative only in a body the contract accepts: drawn as invalid from the
    cut schema (an AND one level deeper than the profile nests), it is not one to reject."""
    from schemathesis.core.parameters import ParameterLocation

    meta = case.meta
    if meta is None or not meta.is_negative_at(ParameterLocation.BODY):
        return False
    if any(
        meta.is_negative_at(where) for where in meta.components if where != ParameterLocation.BODY
    ):
        return False
    validator = _body_validator(operation_id)
    if validator is None or not isinstance(case.body, (dict, list, str, int, float, bool)):
        return False  # no body, or bytes: not a JSON body the contract could accept
    return bool(validator.is_valid(case.body))


@functools.cache
def _body_validator(operation_id: str) -> Any:
    body_schema = bundled().operation(operation_id).body_schema
    return None if body_schema is None else bundled().validator(body_schema)


def _wants_valid_key(case: Any) -> bool:
    """Send the real key unless the case is about the Authorization header itself."""
    from schemathesis.core.parameters import ParameterLocation

    if "Authorization" not in (case.headers or {}):
        return False
    meta = case.meta
    return not (meta is not None and meta.is_negative_at(ParameterLocation.HEADER))


def run_operation(operation_id: str, ctx: RunContext, result: CheckResult) -> None:
    """Every phase of Schemathesis for one operation; findings become failures of `result`."""
    import hypothesis
    import requests
    from schemathesis.checks import CHECKS, load_all_checks
    from schemathesis.core.failures import FailureGroup
    from schemathesis.generation.hypothesis.builder import (
        HypothesisTestConfig,
        HypothesisTestMode,
        create_test,
    )

    load_all_checks()
    checks = [_naming(function) for function in CHECKS.get_by_names(list(BUILTIN_CHECKS))]
    every_response = [function for function in checks if function.__name__ != "ignored_auth"]
    confirm_auth = [function for function in checks if function.__name__ == "ignored_auth"]
    schema = _schemathesis_schema(ctx)
    target = ctx.target
    http = requests.Session()
    auth_headers = {"Authorization": f"Token {target.api_key}"}
    transport: dict[str, Any] = {"base_url": target.base_url}
    if target.app is not None:
        # In-process: Schemathesis then sends cases and its own probes through its ASGI transport.
        schema.app = target.app
    else:
        transport["session"] = http
    api_operation = schema.find_operation_by_id(operation_id)
    if not served(api_operation, bundled().operation(operation_id), ctx, result):
        http.close()
        return
    seen: dict[str, set[str]] = {}
    auth_confirmations = [0]
    _probe_paths(bundled().operation(operation_id), ctx, result)

    def test(case: Any) -> None:
        if ctx.deadline is not None and time.monotonic() > ctx.deadline:
            result.note = "stopped: budget"
            return
        confine_to_run(case, ctx)
        name_a_scope(case, operation_id, ctx)
        if _negative_only_below_the_cut(case, operation_id):
            return
        result.cases += 1
        headers = auth_headers if _wants_valid_key(case) else None
        try:
            response = ctx.session.retrying(
                lambda: case.call(headers=headers, **transport),
                lambda sent: _exchange(sent, target.api_key),
            )
        except requests.ConnectionError as exc:
            raise _Unreachable(stopped_answering(exc)) from None
        except Exception as exc:  # an in-process app that raised instead of answering 500
            _record(result, seen, "not_a_server_error", case, None, target.api_key, repr(exc))
            return
        applied = list(every_response)
        if response.status_code < 300 and auth_confirmations[0] < _AUTH_CONFIRMATIONS:
            # Its probes double the cost of every 2xx; a few confirmations per operation suffice
            # (rule 7 checks every operation with every kind of bad key).
            auth_confirmations[0] += 1
            applied += confirm_auth
        try:
            # One call for all the checks: each call costs Schemathesis more than a check does.
            case.validate_response(
                response, checks=applied, headers=headers, transport_kwargs=transport
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                title, detail = str(failure.title), str(failure.message)
                name = check_of(failure)
                _record(result, seen, name, case, response, target.api_key, title, detail)
        except AssertionError as exc:
            title, _, detail = str(exc).partition("\n")
            _record(result, seen, check_of(exc), case, response, target.api_key, title, detail)
        except requests.ConnectionError as exc:  # a check's own probe (a bad key, no key)
            raise _Unreachable(stopped_answering(exc)) from None

    modes = [HypothesisTestMode.EXAMPLES, HypothesisTestMode.COVERAGE, HypothesisTestMode.FUZZING]
    coverage = ctx.profile.coverage
    if coverage == "none" or (
        coverage == "required" and not bundled().operation(operation_id).required
    ):
        # Not generated at all: generating a schema's coverage cases is the phase's main cost.
        modes.remove(HypothesisTestMode.COVERAGE)
    # One seed per operation, from its id: adding or moving an operation in the contract leaves
    # the others' cases be.
    seed = target.seed * 1000 + zlib.crc32(operation_id.encode()) % 1000
    try:
        for mode in modes:
            hypothesis_test = create_test(
                operation=api_operation,
                test_func=test,
                config=HypothesisTestConfig(
                    project=schema.config,
                    modes=[mode],
                    settings=_settings(ctx),
                    seed=seed,
                ),
            )
            try:
                hypothesis_test()
            except (hypothesis.errors.Unsatisfiable, unittest.SkipTest):
                continue  # the phase has nothing to send for this operation (e.g. no examples)
    except _Unreachable as exc:
        result.error = str(exc)
    except BaseExceptionGroup as group:
        # The explicit-examples phase runs every example and raises what failed as one group.
        gone, _ = group.split(_Unreachable)
        if gone is None:
            raise
        result.error = str(first_leaf(gone))
    finally:
        http.close()


def _probe_paths(operation: Operation, ctx: RunContext, result: CheckResult) -> None:
    """Each path parameter with control characters in it (contracts/rules/validation_probes.py):
    the server must answer, never crash; a fuzzer draws such a value rarely and buries it."""
    for name, path in path_probes(operation, ctx):
        result.cases += 1
        exchange = ctx.session.send(operation.method, path)
        if exchange.status >= 500:
            result.failures.append(
                Failure.from_exchange(
                    result.check_id,
                    "schema: not_a_server_error",
                    f"control characters in {name} crashed the server ({exchange.status})",
                    f"{operation.label} with {name} holding NUL, BEL, ESC, a newline and DEL "
                    f"(percent-encoded) got {exchange.status}: a bad path parameter is a 4xx",
                    exchange,
                    rule=6,
                )
            )


class _Unreachable(Exception):
    pass


# The attribute a finding carries naming the Schemathesis check that raised it.
_CHECK_NAME = "_mem0kit_check"


def _naming(function: Any) -> Any:
    """`function` (a Schemathesis check) that marks what it raises with its own name, so that the
    checks can run in one `validate_response` call and each finding still names its check."""
    name = function.__name__

    @functools.wraps(function)
    def check_function(ctx: Any, response: Any, case: Any) -> Any:
        try:
            return function(ctx, response, case)
        except BaseExceptionGroup as group:
            for failure in group.exceptions:
                _mark(failure, name)
            raise
        except AssertionError as failure:
            _mark(failure, name)
            raise

    return check_function


def _mark(failure: BaseException, name: str) -> None:
    if getattr(failure, _CHECK_NAME, None) is None:
        with contextlib.suppress(AttributeError):  # an exception that takes no attributes
            setattr(failure, _CHECK_NAME, name)


def check_of(failure: BaseException) -> str:
    """The Schemathesis check a finding came from: its mark, else the first of ours its class
    says can raise it."""
    marked = getattr(failure, _CHECK_NAME, None)
    if isinstance(marked, str):
        return marked
    candidates = [name for name in getattr(failure, "checks", ()) if name in BUILTIN_CHECKS]
    return candidates[0] if candidates else "not_a_server_error"


def served(api_operation: Any, operation: Operation, ctx: RunContext, result: CheckResult) -> bool:
    """Send the operation one valid request (its first example, else a generated valid one);
    False when the answer shows the server does not serve it (`contracts/served.py`).

    An optional operation that is not served is not exercised: reported, not a failure. A
    required one that is not served fails once, saying the endpoint is missing; unless its
    answer was a 404 it may give a made-up id itself, which is then judged as served.
    """
    from schemathesis.core import NotSet

    case = _first_case(api_operation, operation.operation_id)
    confine_to_run(case, ctx)
    name_a_scope(case, operation.operation_id, ctx)
    path = case.formatted_path
    query = _query_string(case.query)
    if query:
        path += "?" + query
    body = NO_BODY if isinstance(case.body, NotSet) else case.body
    result.cases += 1
    found = unserved(ctx, operation.method, path, body)
    if found is None:
        return True
    if operation.required and found.status == 404 and _may_answer_404(operation):
        # A made-up id may rightly get the operation's own 404, and one that reads like the
        # router's cannot be told from it: judged served rather than failed as missing (if it is
        # missing, its checks and the endpoint checks fail on what it answers).
        return True
    if operation.required:
        result.failures.append(
            Failure.from_exchange(
                result.check_id,
                "required operation",
                f"{operation.label} is missing: a valid request got {found.status}",
                f"openapi.yaml marks {operation.label} x-conformance: required, so every "
                f"Mem0-compatible server serves it; this server answered {found.reason}",
                found.exchange,
            )
        )
    else:
        result.exercised = False
        result.unserved_status = found.status
        result.note = (
            f"{operation.label} is not served by this server (answered {found.status}); "
            "it is optional"
        )
    return False


def _may_answer_404(operation: Operation) -> bool:
    """Whether a 404 can be the operation's own answer to a valid request with made-up ids."""
    return 404 in operation.statuses and any(p.location == "path" for p in operation.parameters)


def _first_case(api_operation: Any, operation_id: str) -> Any:
    """The operation's first example as a case, or else the first valid case generated."""
    import hypothesis
    from schemathesis import GenerationMode

    declared = bundled().operation(operation_id).body_example
    if declared is not None:
        # The body the contract shows, with valid parameters drawn: extracting every example the
        # schema holds (the examples phase does that anyway) costs seconds for a filters body.
        strategy = api_operation.as_strategy(GenerationMode.POSITIVE)
    else:
        examples = api_operation.get_strategies_from_examples()
        strategy = examples[0] if examples else api_operation.as_strategy(GenerationMode.POSITIVE)
    drawn: list[Any] = []

    @hypothesis.settings(
        max_examples=1,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
        verbosity=hypothesis.Verbosity.quiet,
    )
    @hypothesis.given(strategy)
    def draw(case: Any) -> None:
        if not drawn:
            drawn.append(case)

    draw()
    if declared is not None:
        drawn[0].body = copy.deepcopy(declared)
    return drawn[0]


def _query_string(query: Any) -> str:
    """A case's query parameters as sent: lists repeated, booleans as JSON spells them."""
    pairs = []
    for name, value in (query or {}).items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((name, json.dumps(item) if isinstance(item, bool) else str(item)))
    return urlencode(pairs)


def _exchange(response: Any, api_key: str) -> Exchange:
    """A Schemathesis response as an `Exchange` (to judge a 429, or to show a failure)."""
    request = response.request
    body = request.body or b""
    flat = {k.lower(): (v[0] if isinstance(v, list) else v) for k, v in response.headers.items()}
    return Exchange(
        method=request.method,
        url=request.url,
        request_headers=dict(request.headers),
        request_body=body if isinstance(body, bytes) else str(body).encode(),
        status=response.status_code,
        headers=flat,
        body=response.content or b"",
        api_key=api_key,
    )


def _record(
    result: CheckResult,
    seen: dict[str, set[str]],
    check_name: str,
    case: Any,
    response: Any,
    api_key: str,
    title: str,
    detail: str = "",
) -> None:
    status = response.status_code if response is not None else None
    title = title.strip() or check_name
    key = f"{title}|{status}"
    found = seen.setdefault(check_name, set())
    if key in found or len(found) >= _MAX_FINDINGS_PER_CHECK:
        return
    found.add(key)
    phase = case.meta.phase.name.value if case.meta is not None else "unknown"
    mode = case.meta.generation.mode.value if case.meta is not None else "unknown"
    failure = Failure.from_exchange(
        result.check_id,
        f"schema: {check_name}",
        title,
        f"{without_dumps(detail) or title} (Schemathesis {phase} phase, {mode} case)",
        _exchange(response, api_key) if response is not None else None,
        rule=RULE_OF_CHECK.get(check_name),
        level=_level(check_name, case, result.check_id, status, f"{title} {detail}"),
    )
    if response is None:
        # Nothing came back: the reproduction is the case as Schemathesis would send it.
        curl = render_curl(case.method, case.formatted_path, case.headers or {}, None, api_key)
        failure = dataclasses.replace(failure, curl=curl)
    result.failures.append(failure)


# Schemathesis' messages carry the whole schema after "Schema:"; the report keeps the error and
# the value, and the curl reproduces the rest.
_DUMP = re.compile(r"\n\s*Schema:\s*\n.*?(?=\n\s*Value:|\Z)", re.DOTALL)


def without_dumps(text: str, limit: int = 400) -> str:
    """Schemathesis' detail without its schema dump, on one line, cut at `limit`.

    Example:
        >>> without_dumps("'id' is required\n\nSchema:\n\n    {...}\n\nValue:\n\n    {}")
        "'id' is required Value: {}"
    """
    text = " ".join(_DUMP.sub("", text).split())
    return text if len(text) <= limit else text[:limit] + "..."


def _level(check_name: str, case: Any, check_id: str, status: int | None, text: str) -> str | None:
    """Strict where the kit is stricter than Mem0, which is silent (contracts/levels.py): an add
    body the kit refuses that Mem0 allows was accepted, or one whose only oddity is blank content
    was refused, or a 401 lacks `WWW-Authenticate`; else None: the level table decides."""
    add = f"schema:{bundled().operation('addMemories').label}"
    body = case.body if isinstance(case.body, dict) else None
    if check_id == add and body is not None:
        if check_name == "negative_data_rejection" and mem0_allows(body):
            return STRICT
        if check_name == "positive_data_acceptance" and mem0_silent_on_refusing(body):
            return STRICT
    headers = check_name == "response_headers_conformance" and status == 401
    if headers and "www-authenticate" in text.lower():
        return STRICT
    return None


for _operation in bundled().operations.values():
    check(
        f"schema:{_operation.label}",
        f"{_operation.label} conforms to openapi.yaml (Schemathesis: examples, coverage, fuzzing)",
        cpu_bound=True,
    )(functools.partial(run_operation, _operation.operation_id))
