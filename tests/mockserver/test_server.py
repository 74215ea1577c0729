"""The real server (uvicorn on a free port, over HTTP): determinism, isolation, error reporting."""

from __future__ import annotations

import json
import re
import socket
import threading
from typing import Any

import httpx
import pytest

from mockserver import MockServer, ServerThreadError, Settings, create_app, run_in_thread
from mockserver.server import uvicorn_config
from tests.mockserver.helpers import AUTH

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

SENTENCES = [
    "Hi, I'm Sam. I live in Denver and I work as a teacher.",
    "I just moved to Austin.",
    "I'm vegetarian and I have a cat named Luna.",
    "I don't live in Austin anymore.",
    "What's the weather like?",
    "I like sushi.",
    "I love hiking on weekends.",
]


def script() -> list[dict[str, Any]]:
    """50 requests: adds in several scopes and shapes, event look-ups, errors and pings."""
    steps: list[dict[str, Any]] = []
    for n in range(39):
        scope = [{"user_id": "sam"}, {"user_id": "kim", "run_id": "r1"}, {"agent_id": "bot"}][n % 3]
        body = {
            "messages": [{"role": "user", "content": SENTENCES[n % len(SENTENCES)]}],
            **scope,
            "infer": n % 4 != 3,
            "output_format": ["v1.0", "v1.1", None][n % 3],
            "async_mode": n % 5 == 0,
            "metadata": {"n": n},
        }
        steps.append({"method": "POST", "url": "/v1/memories/", "json": body})
        if n % 5 == 0:
            steps.append({"method": "EVENT"})  # look up the event just queued
    steps += [
        {"method": "GET", "url": "/v1/ping/"},
        {"method": "POST", "url": "/v1/memories/", "json": {"messages": []}},
        {"method": "GET", "url": "/v1/event/unknown/"},
    ]
    assert len(steps) == 50
    return steps


def run_script(server: MockServer) -> list[tuple[int, bytes]]:
    answers: list[tuple[int, bytes]] = []
    last_event = ""
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        for step in script():
            if step["method"] == "EVENT":
                response = client.get(f"/v1/event/{last_event}/")
            else:
                response = client.request(step["method"], step["url"], json=step.get("json"))
                if '"event_id"' in response.text:
                    last_event = UUID.findall(response.text)[0]
            answers.append((response.status_code, response.content))
    return answers


def test_same_seed_same_script_gives_identical_bytes_and_another_seed_other_ids() -> None:
    with run_in_thread(Settings(seed=11)) as first:
        one = run_script(first)
    with run_in_thread(Settings(seed=11)) as second:
        two = run_script(second)
    with run_in_thread(Settings(seed=12)) as third:
        three = run_script(third)
    assert one == two
    assert {status for status, _ in one} >= {200, 400, 404}
    ids_one = set(UUID.findall(b"".join(body for _, body in one).decode()))
    ids_three = set(UUID.findall(b"".join(body for _, body in three).decode()))
    assert len(ids_one) > 10
    assert ids_one.isdisjoint(ids_three)
    assert [s for s, _ in one] == [s for s, _ in three]


def test_concurrent_requests_to_other_scopes_do_not_perturb_a_scopes_answers() -> None:
    def alex_answers(server: MockServer) -> list[bytes]:
        with httpx.Client(base_url=server.url, headers=AUTH) as client:
            return [
                client.post(
                    "/v1/memories/",
                    json={"messages": [{"role": "user", "content": s}], "user_id": "alex"},
                ).content
                for s in SENTENCES
            ]

    with run_in_thread(Settings(seed=5)) as quiet:
        alone = alex_answers(quiet)
    with run_in_thread(Settings(seed=5)) as busy:
        stop = threading.Event()

        def noise(user: str) -> None:
            with httpx.Client(base_url=busy.url, headers=AUTH) as client:
                while not stop.is_set():
                    body = {
                        "messages": [{"role": "user", "content": SENTENCES[0]}],
                        "user_id": user,
                    }
                    client.post("/v1/memories/", json={**body, "async_mode": True})

        threads = [threading.Thread(target=noise, args=(f"other{i}",)) for i in range(2)]
        for thread in threads:
            thread.start()
        try:
            crowded = alex_answers(busy)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
    assert crowded == alone


def test_run_in_thread_binds_127_0_0_1_on_a_free_port_and_is_ready_at_once() -> None:
    with run_in_thread() as server:
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert server.port > 0
        assert server.api_key == "mock-key"
        assert httpx.get(f"{server.url}/v1/ping/", headers=AUTH).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/v1/ping/", headers=AUTH)


def test_an_error_inside_the_server_is_raised_by_check_and_by_stop() -> None:
    # Metadata no JSON can hold: listing the memories fails inside the server.
    broken = {"memory": "x", "user_id": "u", "metadata": {"x": object()}}
    server = run_in_thread(Settings(memories=(broken,)))
    response = httpx.get(f"{server.url}/_mock/memories")
    assert response.status_code == 500
    assert response.json()["error"] == "500 Internal Server Error"
    with pytest.raises(TypeError):
        server.check()
    server.check()  # reported once
    httpx.get(f"{server.url}/_mock/memories")
    with pytest.raises(TypeError):
        server.stop()


def test_reset_returns_to_the_fixture_and_forgets_the_journal() -> None:
    start = {"memory": "Lives in Berlin", "user_id": "alex"}
    with run_in_thread(Settings(memories=(start,))) as server, httpx.Client() as client:
        body = {"messages": [{"role": "user", "content": "I like tea."}], "user_id": "alex"}
        client.post(f"{server.url}/v1/memories/", headers=AUTH, json=body)
        assert len(client.get(f"{server.url}/_mock/memories").json()["memories"]) == 2
        server.reset()
        memories = client.get(f"{server.url}/_mock/memories").json()["memories"]
        assert [m["memory"] for m in memories] == ["Lives in Berlin"]
        entries = client.get(f"{server.url}/_mock/journal").json()["entries"]
        assert [entry["path"] for entry in entries if entry["method"] == "POST"] == []


def test_one_uvicorn_configuration_serves_the_command_and_the_thread() -> None:
    config = uvicorn_config(create_app(), log_level="info", access_log=True, graceful_shutdown_s=5)
    assert (config.log_level, config.access_log, config.timeout_graceful_shutdown) == (
        "info",
        True,
        5,
    )
    # The client's address decides nothing; no lifespan; malformed requests get the envelope.
    assert (config.proxy_headers, config.lifespan) == (False, "off")
    assert config.http.__name__.startswith("Envelope")


def test_an_oversized_body_gets_413_before_it_is_sent() -> None:
    with (
        run_in_thread(Settings(max_body_bytes=1000)) as server,
        socket.create_connection((server.host, server.port), timeout=10) as sock,
    ):
        sock.sendall(
            b"POST /v1/memories/ HTTP/1.1\r\nHost: mock\r\nAuthorization: Token mock-key\r\n"
            b"Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{"
        )
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"larger than 1000 bytes" in answer


def raw_exchange(server: MockServer, data: bytes) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    return answer


@pytest.mark.parametrize(
    "data",
    [b"GARBAGE\r\n\r\n", b"GET /v1/ping/ HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"],
    ids=["request-line", "header"],
)
def test_requests_uvicorn_cannot_parse_get_the_envelope(data: bytes) -> None:
    with run_in_thread() as server:
        answer = raw_exchange(server, data)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: application/json" in head.lower()
    assert json.loads(body)["error"] == "400 Bad Request"


def test_a_request_for_star_gets_the_envelope() -> None:
    with run_in_thread() as server:
        answer = raw_exchange(server, b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404 ")
    assert json.loads(body)["error"] == "404 Not Found"


def test_a_client_hanging_up_mid_body_is_not_an_error() -> None:
    with run_in_thread() as server:
        with socket.create_connection((server.host, server.port), timeout=10) as sock:
            sock.sendall(
                b"POST /v1/memories/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token mock-key\r\n"
                b'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"messa'
            )
        # The server notices the hang-up; later requests are served and nothing was recorded.
        assert httpx.get(f"{server.url}/v1/ping/", headers=AUTH).status_code == 200
        server.check()


def test_a_port_in_use_is_a_clear_error() -> None:
    with run_in_thread() as server, pytest.raises(ServerThreadError, match="Cannot listen"):
        run_in_thread(port=server.port)


def test_a_mock_in_a_test_process_leaves_its_collector_as_it_is() -> None:
    import gc

    hooks = list(gc.callbacks)
    with run_in_thread() as server:
        assert httpx.get(f"{server.url}/v1/ping/", headers=AUTH).status_code == 200
    assert gc.callbacks == hooks
