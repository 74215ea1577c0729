"""The schema layer: Schemathesis, driven by the bundled openapi.yaml, one check per operation.

Each operation runs the examples, coverage and fuzzing phases in positive and negative generation
modes, and every response goes through the applicable built-in checks. Before a case is sent its
scope ids get this run's prefix and its org/project ids become the key's own (from ping), so
fuzzing a shared deployment never touches anyone else's memories.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import unittest
from typing import Any

from contracts.checks import CheckResult, check
from contracts.curl import render_curl
from contracts.failures import Failure
from contracts.run_context import RunContext
from contracts.session import Exchange
from mem0spec import bundled

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

    # Schemathesis may change the schema it is given: it gets its own copy.
    schema = schemathesis.openapi.from_dict(copy.deepcopy(bundled().document))
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


def confine_to_run(case: Any, ctx: RunContext) -> None:
    """Give generated scope ids this run's prefix and org/project ids the key's own.

    Only string values change and they stay strings (non-empty ones non-empty), so a case stays
    exactly as valid or invalid as Schemathesis generated it.
    """
    if not isinstance(case.body, dict):
        return
    # Generated bodies may share objects with the schema's examples: change a copy.
    body = copy.deepcopy(case.body)
    case.body = body
    for name in bundled().scope_fields():
        value = body.get(name)
        if isinstance(value, str) and value:
            body[name] = ctx.scope_id("fz-" + value[:32])
    for name in ("org_id", "project_id"):
        value = body.get(name)
        if isinstance(value, str):
            known = ctx.ping.get(name)
            if isinstance(known, str):
                body[name] = known
            else:
                del body[name]


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
    checks = CHECKS.get_by_names(list(BUILTIN_CHECKS))
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
    seen: dict[str, set[str]] = {}
    auth_confirmations = [0]

    def test(case: Any) -> None:
        confine_to_run(case, ctx)
        result.cases += 1
        headers = auth_headers if _wants_valid_key(case) else None
        try:
            response = ctx.session.retrying(
                lambda: case.call(headers=headers, **transport),
                lambda sent: _exchange(sent, target.api_key),
            )
        except requests.ConnectionError as exc:
            raise _Unreachable(str(exc)) from None
        except Exception as exc:  # an in-process app that raised instead of answering 500
            _record(result, seen, "not_a_server_error", case, None, target.api_key, repr(exc))
            return
        for check_function in checks:
            name = check_function.__name__
            if name == "ignored_auth":
                # Its probes double the cost of every 2xx; a few confirmations per operation
                # suffice (rule 7 checks every operation with every kind of bad key).
                if response.status_code >= 300 or auth_confirmations[0] >= _AUTH_CONFIRMATIONS:
                    continue
                auth_confirmations[0] += 1
            try:
                case.validate_response(
                    response,
                    checks=[check_function],
                    headers=headers,
                    transport_kwargs=transport,
                )
            except FailureGroup as group:
                for failure in group.exceptions:
                    text = f"{failure.title}: {failure.message}".strip()
                    _record(result, seen, name, case, response, target.api_key, text)
            except AssertionError as exc:
                _record(result, seen, name, case, response, target.api_key, str(exc))

    modes = [HypothesisTestMode.EXAMPLES, HypothesisTestMode.COVERAGE, HypothesisTestMode.FUZZING]
    # One seed per operation, so adding an operation to the contract leaves the others' cases be.
    seed = target.seed * 1000 + list(bundled().operations).index(operation_id)
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
        result.error = f"the server stopped answering: {exc}"
    finally:
        http.close()


class _Unreachable(Exception):
    pass


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
    text: str,
) -> None:
    status = response.status_code if response is not None else None
    first_line = text.splitlines()[0] if text else check_name
    key = f"{first_line}|{status}"
    found = seen.setdefault(check_name, set())
    if key in found or len(found) >= _MAX_FINDINGS_PER_CHECK:
        return
    found.add(key)
    phase = case.meta.phase.name.value if case.meta is not None else "unknown"
    mode = case.meta.generation.mode.value if case.meta is not None else "unknown"
    failure = Failure.from_exchange(
        result.check_id,
        f"schema: {check_name}",
        first_line,
        " ".join(text.split())[:600] + f" (Schemathesis {phase} phase, {mode} case)",
        _exchange(response, api_key) if response is not None else None,
        rule=RULE_OF_CHECK.get(check_name),
    )
    if response is None:
        # Nothing came back: the reproduction is the case as Schemathesis would send it.
        curl = render_curl(case.method, case.formatted_path, case.headers or {}, None, api_key)
        failure = dataclasses.replace(failure, curl=curl)
    result.failures.append(failure)


for _operation in bundled().operations.values():
    check(
        f"schema:{_operation.label}",
        f"{_operation.label} conforms to openapi.yaml (Schemathesis: examples, coverage, fuzzing)",
    )(functools.partial(run_operation, _operation.operation_id))
