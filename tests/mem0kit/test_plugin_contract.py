"""`pytest --mem0-contract-url URL --mem0-api-key KEY`: the contract suite inside a user's own run.

Each test starts a mock on a free port and runs pytester sessions against it, selecting a few quick
checks with -k (the full suite is `mem0-kit verify`'s business and is timed there).
"""

from __future__ import annotations

import http.server
import json
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from mockserver import MockServer, Settings, run_in_thread
from tests.local_http import stdlib_server

pytest_plugins = ["pytester"]

STRICT = ("-W", "error", "--strict-markers", "-p", "no:cacheprovider")
# The user's own test and one fast check (ping's answer); the others take longer and are judged by
# the contracts suite's own tests.
QUICK = ("-k", "ping and not schema or mine")
USERS_TEST = "def test_mine():\n    assert True\n"


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with run_in_thread(Settings(seed=0)) as server:
        yield server


class _JSONHandler(http.server.BaseHTTPRequestHandler):
    """A deliberately odd server's base: JSON answers, no log lines."""

    def _send(self, status: int, value: object) -> None:
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _PingWithoutProject(_JSONHandler):
    """Breaks one clause: ping answers 200 without the project_id the official client needs."""

    def do_GET(self) -> None:
        self._send(200, {"status": "ok", "org_id": "org_1", "user_email": "a@b.c"})


@pytest.fixture(scope="module")
def broken_url() -> Iterator[str]:
    with stdlib_server(_PingWithoutProject) as url:
        yield url


def _options(server: MockServer | str, key: str = "mock-key") -> tuple[str, ...]:
    url = server if isinstance(server, str) else server.url
    return ("--mem0-contract-url", url, "--mem0-api-key", key)


def test_collects_one_item_per_rule_and_operation(
    pytester: pytest.Pytester, mock: MockServer
) -> None:
    from contracts import Target, plan

    expected = [check.id for check in plan(Target(mock.url, "mock-key"))]
    result = pytester.runpytest(*STRICT, *_options(mock), "--collect-only", "-q")

    listed = [line for line in result.stdout.lines if line.startswith("mem0-contract::")]
    assert listed == [f"mem0-contract::{check_id}" for check_id in expected]
    assert "rule-3-immutable" in expected


def test_runs_beside_the_users_own_tests_with_junit(
    pytester: pytest.Pytester, mock: MockServer
) -> None:
    pytester.makepyfile(USERS_TEST)
    junit = pytester.path / "contract.xml"

    result = pytester.runpytest(*STRICT, *_options(mock), *QUICK, f"--junitxml={junit}")

    result.assert_outcomes(passed=2)
    cases = {case.get("name") for case in ET.parse(junit).getroot().iter("testcase")}
    assert cases == {"test_mine", "ping"}


def test_violations_fail_with_the_rule_and_a_curl(
    pytester: pytest.Pytester, broken_url: str
) -> None:
    # -k ping selects the ping check and the schema check of GET /v1/ping/; -x stops at the first.
    result = pytester.runpytest(*STRICT, *_options(broken_url), "-k", "ping", "-x")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ mem0 contract: ping (GET /v1/ping/ answers with *",
            "ping: GET /v1/ping/ answers with *",
            "[[]ping[]] *",
            "*project_id*",
            "*response: 200 *",
            "*reproduce: curl *",
            "FAILED mem0-contract::ping*",
            "*stopping after 1 failures*",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "mock-key" not in result.stdout.str()  # the curl names $MEM0_API_KEY, not the key


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


@pytest.mark.parametrize(
    ("where", "key", "reason"),
    [
        ("nowhere", "mock-key", "cannot reach http://127.0.0.1:*/v1/ping/: *"),
        ("mock", "wrong-key", "the server refused the API key: * answered 401*"),
    ],
    ids=["unreachable", "wrong-key"],
)
def test_a_target_that_cannot_be_judged_fails_with_one_sentence(
    pytester: pytest.Pytester, mock: MockServer, where: str, key: str, reason: str
) -> None:
    url = mock.url if where == "mock" else _closed_port_url()

    result = pytester.runpytest(*STRICT, *_options(url, key=key), *QUICK)

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"could not run the contract suite: {reason}"])
    assert "Traceback" not in result.stdout.str()


def test_a_rule_never_exercised_is_skipped_with_the_reason(pytester: pytest.Pytester) -> None:
    # A stateless mock forgets every memory at once, so it never UPDATEs or DELETEs: rule 2 has
    # nothing to judge, which is not a violation (Mem0's newer extraction is ADD-only too).
    with run_in_thread(Settings(stateless=True)) as stateless:
        result = pytester.runpytest(*STRICT, *_options(stateless), "-k", "rule-2", "-rs")

    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(
        ["SKIPPED * rule-2-live-scope: never exercised, the server never UPDATEd or DELETEd (*"]
    )


def test_works_under_xdist(pytester: pytest.Pytester, mock: MockServer) -> None:
    pytester.makepyfile(USERS_TEST)

    result = pytester.runpytest_subprocess(*STRICT, *_options(mock), *QUICK, "-n", "2")

    result.assert_outcomes(passed=2)


def test_contract_items_carry_a_marker(pytester: pytest.Pytester, mock: MockServer) -> None:
    pytester.makepyfile(USERS_TEST)

    result = pytester.runpytest(*STRICT, *_options(mock), "-m", "mem0_contract", "--co", "-q")

    listed = [line for line in result.stdout.lines if "::" in line]
    assert listed and all(line.startswith("mem0-contract::") for line in listed)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--mem0-api-key", "k", "--mem0-contract-profile", "fast"), "*profile*fast*"),
        (("--mem0-api-key", "k", "--mem0-contract-url", "ftp://x"), "*'ftp://x' is not an http*"),
    ],
    ids=["unknown-profile", "not-http"],
)
def test_bad_options_are_a_usage_error(
    pytester: pytest.Pytester, mock: MockServer, options: tuple[str, ...], message: str
) -> None:
    result = pytester.runpytest(*STRICT, "--mem0-contract-url", mock.url, *options)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: --mem0-contract-url: {message}"])
    assert "Traceback" not in result.stderr.str()


def test_without_a_key_it_says_how_to_give_one(
    pytester: pytest.Pytester, mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEM0_API_KEY", raising=False)

    result = pytester.runpytest(*STRICT, "--mem0-contract-url", mock.url)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "Traceback" not in result.stderr.str()
    result.stderr.fnmatch_lines(["*--mem0-contract-url needs an API key: pass --mem0-api-key*"])


def test_without_the_option_nothing_is_added(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(USERS_TEST)

    result = pytester.runpytest(*STRICT, "--collect-only", "-q")

    assert "mem0-contract" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*1 test collected*"])


class _OnlyPing(_JSONHandler):
    """Ping answers without user_email (which no client reads); every other path is a JSON 404."""

    def do_GET(self) -> None:
        if self.path.startswith("/v1/ping/"):
            self._send(200, {"status": "ok", "org_id": "org_1", "project_id": "proj_1"})
        else:
            self._send(404, {"detail": "Not found."})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(404, {"detail": "Not found."})


@pytest.fixture(scope="module")
def only_ping_url() -> Iterator[str]:
    with stdlib_server(_OnlyPing) as url:
        yield url


def test_only_findings_at_the_chosen_level_fail_an_item(
    pytester: pytest.Pytester, only_ping_url: str
) -> None:
    ping_only = ("-k", "ping and not schema")
    documented = pytester.runpytest(*STRICT, *_options(only_ping_url), *ping_only)
    documented.assert_outcomes(passed=1)
    strict = pytester.runpytest(
        *STRICT, *_options(only_ping_url), *ping_only, "--mem0-contract-level", "strict"
    )
    strict.assert_outcomes(failed=1)
    assert "user_email" in strict.stdout.str()


def test_a_missing_add_fails_once_and_the_rules_are_blocked_by_it(
    pytester: pytest.Pytester, only_ping_url: str
) -> None:
    result = pytester.runpytest(*STRICT, *_options(only_ping_url), "-k", "rule", "-rs")
    outcomes = result.parseoutcomes()
    assert outcomes.get("skipped", 0) >= 11 and "failed" not in outcomes, result.stdout.str()
    assert result.stdout.str().count("blocked by POST /v1/memories/ is missing (404)") >= 11
    add = pytester.runpytest(*STRICT, *_options(only_ping_url), "-k", "memories/ and not v2 "
                             "and not v3 and not search and schema:POST")  # fmt: skip
    add.assert_outcomes(failed=1)
    assert "POST /v1/memories/ is missing: a valid request got 404" in add.stdout.str()
