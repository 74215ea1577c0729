"""The inspection API belongs to the developer, not to any page the developer's browser visits:
against the real `mem0-kit mock` process, a foreign `Host` (DNS rebinding) gets 403, a state
change a page could send without a preflight gets 403 under every CORS setting, `/_mock/` gives no
origin leave to read it unless named with `--inspection-origin`, and every credential-bearing
header is masked in the journal. (Chromium from a second origin: tests/browser.)"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.hardening.envelope import check_error_answer
from tests.hardening.process import MockProcess, spawn

BODY = {"messages": [{"role": "user", "content": "I live in Berlin."}], "user_id": "sec"}
SECRET = "sk-live-7f3a9c2e51d84b06"
EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def mock() -> Iterator[MockProcess]:
    process = spawn()
    yield process
    assert process.alive(), process.log()[-3000:]
    process.terminate()


def _memories(mock: MockProcess) -> int:
    health = httpx.get(f"{mock.url}/_mock/health", timeout=10.0).json()
    count: int = health["memories"]
    return count


@pytest.mark.parametrize(
    "host", ["evil.example.com", "evil.example.com:8000", "rebind.attacker.io.", "1.2.3.4.nip.io"]
)
@pytest.mark.parametrize("path", ["/_mock/journal", "/_mock/memories", "/_mock/"])
def test_a_rebound_host_name_cannot_read_the_inspection_api(
    mock: MockProcess, host: str, path: str
) -> None:
    answer = httpx.get(f"{mock.url}{path}", headers={"Host": host}, timeout=10.0)
    assert answer.status_code == 403, answer.text
    check_error_answer(answer.status_code, answer.headers, answer.content)
    assert answer.json()["details"]["errors"][0]["field"] == "Host"


def test_the_contract_paths_answer_any_host_name(mock: MockProcess) -> None:
    # A client may reach the mock by any name (a compose service, a tunnel): the key guards these.
    headers = {**mock.auth, "Host": "mem0.staging.example.com"}
    assert httpx.get(f"{mock.url}/v1/ping/", headers=headers, timeout=10.0).status_code == 200


@pytest.mark.parametrize(
    "cors", [(), ("--no-cors",), ("--cors-origin", EVIL)], ids=["default", "no-cors", "evil-cors"]
)
def test_a_simple_cross_origin_post_cannot_reset_or_hold(cors: tuple[str, ...]) -> None:
    process = spawn(*cors)
    try:
        with httpx.Client(base_url=process.url, timeout=10.0) as client:
            assert client.post("/v1/memories/", json=BODY, headers=process.auth).status_code == 200
            before = _memories(process)
            assert before > 0
            # What a page sends without a preflight: a form or fetch text/plain, no-cors fetch.
            for headers in (
                {"Content-Type": "text/plain", "Origin": EVIL},
                {"Content-Type": "application/x-www-form-urlencoded", "Origin": EVIL},
                {"Content-Type": "multipart/form-data; boundary=x", "Origin": "null"},
                {},
            ):
                for path in ("/_mock/reset", "/_mock/queue?hold=PENDING"):
                    answer = client.post(path, content=b"{}", headers=headers)
                    assert answer.status_code == 403, (path, headers, answer.text)
                    check_error_answer(answer.status_code, answer.headers, answer.content)
                    assert "X-Mem0-Mock" in answer.json()["detail"]
            assert _memories(process) == before
            assert client.post("/_mock/queue", headers={"X-Mem0-Mock": "1"}).json()["held"] is None
            assert client.post("/_mock/reset", headers={"X-Mem0-Mock": "1"}).status_code == 200
            assert _memories(process) == 0
    finally:
        process.terminate()


def test_inspection_answers_give_no_other_origin_leave_unless_named() -> None:
    page = "http://localhost:5173"
    default = spawn()
    named = spawn("--inspection-origin", page, "--allowed-host", "devbox.corp.com")
    try:
        # A public name is answered once named (a remote dev's machine), and only that one.
        for host, status in (("devbox.corp.com:8000", 200), ("other.corp.com", 403)):
            answer = httpx.get(f"{named.url}/_mock/health", headers={"Host": host}, timeout=10.0)
            assert answer.status_code == status, (host, answer.text)
        for path in ("/_mock/journal", "/_mock/memories"):
            plain = httpx.get(f"{default.url}{path}", headers={"Origin": page}, timeout=10.0)
            assert plain.status_code == 200
            assert "access-control-allow-origin" not in plain.headers
            allowed = httpx.get(f"{named.url}{path}", headers={"Origin": page}, timeout=10.0)
            assert allowed.headers["access-control-allow-origin"] == page
            other = httpx.get(f"{named.url}{path}", headers={"Origin": EVIL}, timeout=10.0)
            assert "access-control-allow-origin" not in other.headers
        # The contract's paths keep CORS for every origin (a browser app calls Mem0 directly).
        ping = httpx.get(
            f"{default.url}/v1/ping/", headers={**default.auth, "Origin": EVIL}, timeout=10.0
        )
        assert ping.headers["access-control-allow-origin"] == "*"
    finally:
        default.terminate()
        named.terminate()


def test_the_journal_masks_every_credential_bearing_header(mock: MockProcess) -> None:
    headers = {
        **mock.auth,
        "Cookie": f"session={SECRET}; csrftoken={SECRET}",
        "X-Api-Key": SECRET,
        "Proxy-Authorization": f"Bearer {SECRET}",
        "Set-Cookie": f"sid={SECRET}; Path=/",
        "X-Auth-Token": SECRET,
        "X-Goog-Api-Key": SECRET,
        "X-Session-Id": SECRET,
    }
    answer = httpx.post(f"{mock.url}/v1/memories/", json=BODY, headers=headers, timeout=10.0)
    seq = int(answer.headers["x-request-id"])
    journal = httpx.get(f"{mock.url}/_mock/journal", params={"after": seq - 1, "limit": 1})
    (entry,) = journal.json()["entries"]
    assert SECRET not in json.dumps(entry)
    assert "mock-key" not in json.dumps(entry)
    assert entry["headers"]["cookie"] == "session=sk-l****; csrftoken=sk-l****"
    assert entry["headers"]["proxy-authorization"] == "Bearer sk-l****"
