"""Security defaults: loopback only, keys never shown, CORS as configured, size limits, and an
inspection API that can be (and off loopback, is) switched off."""

from __future__ import annotations

import argparse
from pathlib import Path

import httpx
import pytest

from mockserver.cli import add_arguments, settings_from_args
from tests.hardening.envelope import check_error_answer
from tests.hardening.process import spawn
from tests.hardening.rawhttp import exchange, request_bytes

BODY = {"messages": [{"role": "user", "content": "I live in Berlin."}], "user_id": "sec"}
SECRET = "sk-live-7f3a9c2e51d84b06"
WRONG = "sk-live-0b1c2d3e4f5a6b7c"


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


def test_binds_loopback_by_default() -> None:
    process = spawn()
    try:
        assert _listening_addresses(process.port) == {"0100007F"}  # 127.0.0.1, nothing else
    finally:
        process.terminate()


def test_keys_are_masked_in_the_journal() -> None:
    process = spawn("--api-key", SECRET)
    try:
        with httpx.Client(base_url=process.url, timeout=10.0) as client:
            for key in (SECRET, WRONG):
                headers = {"Authorization": f"Token {key}"}
                client.post("/v1/memories/", json=BODY, headers=headers)
                client.post("/v1/memories/", content=b"{", headers=headers)
            journal = client.get("/_mock/journal")
        assert journal.status_code == 200
        assert "****" in journal.text  # the header is there, masked
        assert SECRET not in journal.text
        assert WRONG not in journal.text
    finally:
        process.terminate()


def test_keys_never_appear_in_the_log() -> None:
    process = spawn("--api-key", SECRET, "--log-level", "debug")
    try:
        with httpx.Client(base_url=process.url, timeout=10.0) as client:
            for key in (SECRET, WRONG):
                client.post("/v1/memories/", json=BODY, headers={"Authorization": f"Token {key}"})
    finally:
        process.terminate()
    assert SECRET not in process.log()
    assert WRONG not in process.log()


def test_short_keys_are_masked_too() -> None:
    process = spawn("--api-key", "k3y9")
    try:
        with httpx.Client(base_url=process.url, timeout=10.0) as client:
            client.post("/v1/memories/", json=BODY, headers={"Authorization": "Token k3y9"})
            journal = client.get("/_mock/journal")
        assert "k3y9" not in journal.text
    finally:
        process.terminate()


PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization",
}


def _cors_answers(origin: str) -> tuple[httpx.Response, httpx.Response]:
    """A preflight and a simple POST from `origin` to a mock that allows only app.example."""
    process = spawn("--cors-origin", "https://app.example")
    try:
        with httpx.Client(base_url=process.url, timeout=10.0) as client:
            preflight = client.options("/v1/memories/", headers={"Origin": origin, **PREFLIGHT})
            headers = {"Origin": origin, "Authorization": "Token mock-key"}
            simple = client.post("/v1/memories/", json=BODY, headers=headers)
    finally:
        process.terminate()
    return preflight, simple


def test_cors_allows_the_configured_origin() -> None:
    preflight, simple = _cors_answers("https://app.example")
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert simple.headers["access-control-allow-origin"] == "https://app.example"


def test_cors_withholds_other_origins() -> None:
    preflight, simple = _cors_answers("https://evil.example")
    assert preflight.status_code >= 400
    assert "access-control-allow-origin" not in preflight.headers
    assert simple.status_code == 200  # the server answers; the browser withholds it
    assert "access-control-allow-origin" not in simple.headers


def test_cors_refusal_is_a_contract_error() -> None:
    preflight, _ = _cors_answers("https://evil.example")
    check_error_answer(preflight.status_code, preflight.headers, preflight.content)


def test_cors_can_be_switched_off() -> None:
    process = spawn("--no-cors")
    try:
        answer = httpx.options(
            f"{process.url}/v1/memories/",
            headers={"Origin": "https://app.example", **PREFLIGHT},
            timeout=10.0,
        )
        assert "access-control-allow-origin" not in answer.headers
    finally:
        process.terminate()


def test_body_limit_is_configurable_and_answered_413() -> None:
    process = spawn("--max-body-bytes", "1000")
    try:
        auth = [("Authorization", "Token mock-key"), ("Content-Type", "application/json")]
        at_limit = b'{"messages":[{"role":"user","content":"' + b"x" * 900 + b'"}],"user_id":"u"}'
        at_limit += b" " * (1000 - len(at_limit))
        over = at_limit + b" "
        answer = exchange(
            process.port, request_bytes("POST", "/v1/memories/", headers=auth, body=at_limit)
        )
        assert answer.status == 200, answer.body
        answer = exchange(
            process.port, request_bytes("POST", "/v1/memories/", headers=auth, body=over)
        )
        assert answer.status == 413
        check_error_answer(answer.status, answer.headers, answer.body)
        chunked = request_bytes(
            "POST",
            "/v1/memories/",
            headers=[*auth, ("Transfer-Encoding", "chunked")],
            content_length=False,
        ) + b"%x\r\n%s\r\n0\r\n\r\n" % (len(over), over)
        answer = exchange(process.port, chunked)
        assert answer.status == 413
        check_error_answer(answer.status, answer.headers, answer.body)
    finally:
        process.terminate()


def test_inspection_api_can_be_switched_off() -> None:
    process = spawn("--no-inspection")
    try:
        with httpx.Client(base_url=process.url, timeout=10.0) as client:
            for method, path in [
                ("GET", "/_mock/journal"),
                ("GET", "/_mock/memories"),
                ("POST", "/_mock/reset"),
            ]:
                answer = client.request(method, path, headers={"Authorization": "Token mock-key"})
                assert answer.status_code == 404, (path, answer.text)
                check_error_answer(answer.status_code, answer.headers, answer.content)
    finally:
        process.terminate()


def _settings(*argv: str) -> object:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return settings_from_args(parser.parse_args(list(argv)), environ={})


def test_inspection_is_on_by_default_on_loopback() -> None:
    assert _settings().inspection is True  # type: ignore[attr-defined]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20"])
def test_inspection_is_off_when_bound_beyond_loopback(host: str) -> None:
    assert _settings("--host", host).inspection is False  # type: ignore[attr-defined]


def test_inspection_beyond_loopback_only_when_asked_for() -> None:
    assert _settings("--host", "0.0.0.0", "--inspection").inspection is True  # type: ignore[attr-defined]
