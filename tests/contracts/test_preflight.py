"""Preflight's one sentence: TLS on one side only, another Mem0 API, a 404 in JSON."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contracts import Target, run
from mockserver import MockServer
from tests.contracts.serving import serve


def test_https_to_a_plain_http_port_says_so(mock_server: MockServer, mock_key: str) -> None:
    plain = mock_server.url
    report = run(Target(plain.replace("http://", "https://"), mock_key))
    assert report.exit_code == 2
    assert report.could_not_run == (
        f"cannot reach {plain.replace('http://', 'https://')}/v1/ping/: the port does not speak "
        f"TLS (it looks like plain HTTP); try --base-url {plain}."
    )


@contextmanager
def _tls_port(tmp_path: Path) -> Iterator[int]:
    """A port that speaks TLS (a self-signed certificate) and nothing else."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def serve_forever() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.settimeout(2)
            try:
                with context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except (OSError, ssl.SSLError):
                conn.close()

    thread = threading.Thread(target=serve_forever, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        server.close()


def test_http_to_a_tls_port_says_so(tmp_path: Path) -> None:
    with _tls_port(tmp_path) as port:
        report = run(Target(f"http://127.0.0.1:{port}", "k", timeout=3))
    assert report.could_not_run == (
        f"cannot reach http://127.0.0.1:{port}/v1/ping/: the port speaks TLS, not plain HTTP; "
        f"try --base-url https://127.0.0.1:{port}."
    )


def _not_found(request: Request) -> JSONResponse:
    return JSONResponse({"detail": "Not Found"}, status_code=404)


def test_the_open_source_server_is_named_as_another_mem0_api() -> None:
    # The mem0 open-source server is a FastAPI app: POST /memories, /search, its /openapi.json.
    paths: dict[str, object] = {"/memories": {}, "/search": {}, "/memories/{memory_id}": {}}
    app = Starlette(
        routes=[
            Route("/openapi.json", lambda r: JSONResponse({"openapi": "3.1.0", "paths": paths})),
            Route("/{p:path}", _not_found, methods=["GET", "POST"]),
        ]
    )
    report = run(Target("http://testserver", "k", app=app))
    assert report.exit_code == 2
    assert report.could_not_run == (
        "http://testserver/v1/ping/ answered 404 in JSON: this server speaks another Mem0 API, "
        "the mem0 open-source server's (its /openapi.json lists /memories, /search), not the "
        "platform API verify judges (/v1/ping/, /v1/memories/); point --base-url at a "
        "platform-compatible server."
    )


def test_a_json_404_to_ping_suggests_another_api_or_a_path_prefix() -> None:
    app = Starlette(routes=[Route("/{p:path}", _not_found, methods=["GET", "POST"])])
    with serve(app) as url:
        report = run(Target(url, "k"))
    assert report.could_not_run is not None
    assert report.could_not_run.startswith(f"{url}/v1/ping/ answered 404 in JSON: ")
    assert "the mem0 open-source server serves POST /memories" in report.could_not_run
    assert "path prefix" in report.could_not_run
