"""Schemathesis negative mode against the running mock: every generated request that breaks the
contract gets a 4xx contract error, every one that (by chance) satisfies it gets a 200, and none
gets a 5xx.

The verdict is our own: each body is judged against openapi.yaml's request schema (jsonschema-rs),
so a request Schemathesis meant to be invalid but is not still counts the right way (rule 6 in both
directions). The short run is in every test run; the 10,000-request run is `slow`.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from mem0spec import SPEC_PATH
from tests.hardening.conftest import assert_alive
from tests.hardening.envelope import check_error_answer, schema_errors
from tests.hardening.process import MockProcess

JSON_TYPE = "application/json"
KEY = "Token mock-key"
_OURS = {"authorization", "content-type"}  # headers this module sets itself


def _strategy() -> st.SearchStrategy[Any]:
    negative = GenerationMode.NEGATIVE
    # Negative mode breaks one part of a request at a time; with the key among the parts, ~9 in 10
    # adds come out as "body fine, key broken". The body is where nearly all of the contract lives,
    # so most cases come from a schema without the security parameter: every one a broken body.
    bodies = schemathesis.openapi.from_path(SPEC_PATH)
    bodies.config.generation.update(with_security_parameters=False)
    broken_body = bodies["/v1/memories/"]["POST"].as_strategy(generation_mode=negative)
    everything = schemathesis.openapi.from_path(SPEC_PATH)
    add = everything["/v1/memories/"]["POST"].as_strategy(generation_mode=negative)
    event = everything["/v1/event/{event_id}/"]["GET"].as_strategy(generation_mode=negative)
    ping = everything["/v1/ping/"]["GET"].as_strategy(generation_mode=negative)
    # (sampled_from, not one_of: one_of would fold the eight copies of broken_body into one)
    choices = [*[broken_body] * 8, add, event, ping]
    return st.sampled_from(choices).flatmap(lambda strategy: strategy)


def _body_bytes(case: Any) -> bytes:
    if isinstance(case.body, bytes):
        return bytes(case.body)
    return json.dumps(case.body).encode()


def _body_verdict(case: Any, body: bytes) -> str:
    """'valid', 'invalid' or 'unknown' (a body our validator cannot judge) for the add's body."""
    if case.method != "POST":
        return "valid"
    if (case.media_type or "").split(";")[0].strip().lower() != JSON_TYPE:
        return "invalid"
    try:
        document = json.loads(body)
    except ValueError:
        return "invalid"
    try:
        return "valid" if schema_errors("AddMemoriesRequest", document) == [] else "invalid"
    except (ValueError, UnicodeError):
        return "unknown"


def _expected(case: Any, headers: dict[str, str], verdict: str) -> int | None:
    """The status the contract demands, None when it cannot be told."""
    if headers.get("Authorization") != KEY:
        return 401  # rule 7: the key is checked before anything else
    if case.method == "GET":
        return 404 if case.path_parameters is not None else 200
    if (case.media_type or "").split(";")[0].strip().lower() != JSON_TYPE:
        return 415
    return {"valid": 200, "invalid": 400}.get(verdict)


def _send(client: httpx.Client, case: Any, tally: Counter[str]) -> None:
    """Send the case as generated, except that a case whose only fault is in the body gets the
    key, so the server's body checks are what is exercised (not just the 401)."""
    generated = dict(case.headers or {})
    # Header names are case-insensitive: one key, whatever spelling the generator chose.
    given = [v for k, v in generated.items() if k.lower() == "authorization"]
    headers = {k: v for k, v in generated.items() if k.lower() not in _OURS}
    body = _body_bytes(case) if case.method == "POST" else b""
    if case.method == "POST":
        headers["Content-Type"] = case.media_type or JSON_TYPE
    verdict = _body_verdict(case, body)
    if given:
        headers["Authorization"] = given[0]
    elif verdict != "valid":
        headers["Authorization"] = KEY
    try:
        answer = client.request(case.method, case.formatted_path, headers=headers, content=body)
    except (UnicodeError, httpx.LocalProtocolError):
        tally["unsendable"] += 1  # a header value httpx refuses to put on the wire
        return
    expected = _expected(case, headers, verdict)
    tally[f"expected {expected}"] += 1
    assert answer.status_code < 500, (case.method, case.formatted_path, headers, body[:500])
    if answer.status_code >= 400:
        check_error_answer(answer.status_code, answer.headers, answer.content)
    if expected is not None:
        assert answer.status_code == expected, (expected, headers, body[:500], answer.text)
    if expected is not None and expected != 200:
        tally["invalid sent"] += 1


def fuzz(mock: MockProcess, invalid_target: int, seed_value: int = 0) -> Counter[str]:
    """Generate and send negative cases until `invalid_target` invalid requests were sent."""
    tally: Counter[str] = Counter()
    strategy = _strategy()
    with httpx.Client(base_url=mock.url, timeout=30.0) as client:
        while tally["invalid sent"] < invalid_target:
            batch = max(50, int((invalid_target - tally["invalid sent"]) * 1.25))

            @seed(seed_value)
            @settings(
                max_examples=batch,
                database=None,
                deadline=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case: Any) -> None:
                _send(client, case, tally)

            run()
            seed_value += 1
    return tally


def test_negative_fuzz_short(mock: MockProcess) -> None:
    tally = fuzz(mock, invalid_target=200)
    assert tally["invalid sent"] >= 200, tally
    assert tally["expected 400"] > tally["expected 401"], tally  # mostly broken bodies
    assert_alive(mock)


@pytest.mark.soak
@pytest.mark.timeout(1800)  # ~4 min on a quiet machine; generation dominates
def test_negative_fuzz_10000(mock: MockProcess) -> None:
    tally = fuzz(mock, invalid_target=10_000, seed_value=1000)
    print(dict(tally))
    assert tally["invalid sent"] >= 10_000, tally
    assert tally["expected 400"] > tally["expected 401"], tally
    assert_alive(mock)
