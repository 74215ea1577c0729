"""Before any check: does the target answer ping like a Mem0 platform server? Else one sentence.

The sentence says what to do: a key refused, a URL that cannot be reached, TLS on one side only
(https:// to a plain-HTTP port, http:// to a TLS port), a certificate not trusted, a server that
speaks another Mem0 API (the mem0 open-source server's `POST /memories`), or not Mem0 at all.
"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

import httpx

from contracts.errors import CouldNotRun
from contracts.run_context import RunContext
from contracts.session import Exchange
from mem0spec import bundled

# The mem0 open-source server (mem0/server, FastAPI) routes its API at the root, without /v1/.
OPEN_SOURCE_PATHS = ("/memories", "/search")


def preflight(context: RunContext) -> None:
    """Raise CouldNotRun (one sentence) unless the target answers ping like a Mem0 server."""
    ping = bundled().operation("ping")
    url = context.target.url(ping.path)
    try:
        exchange = context.session.send(ping.method, ping.path)
    except httpx.TransportError as exc:
        raise CouldNotRun(unreachable(url, exc)) from None
    if exchange.status == 401:
        raise CouldNotRun(
            f"the server refused the API key: {ping.label} answered 401; check --api-key."
        )
    body = exchange.json(default=None)
    if exchange.status == 404 and body is not None:
        raise CouldNotRun(another_api(context, url, ping.label))
    if exchange.status != 200 or not isinstance(body, dict):
        kind = exchange.content_type or "no content type"
        raise CouldNotRun(
            f"{url} does not look like a Mem0 server: {ping.label} answered "
            f"{exchange.status} ({kind}) instead of a JSON object."
        )
    context.ping = body


def unreachable(url: str, exc: httpx.TransportError) -> str:
    """Why `url` could not be reached, in words a person acts on."""
    parts = urlsplit(url)
    text = str(exc) or exc.__class__.__name__
    plain = parts._replace(scheme="http", path="", query="").geturl()
    secure = parts._replace(scheme="https", path="", query="").geturl()
    if parts.scheme == "https" and "CERTIFICATE_VERIFY_FAILED" in text:
        return (
            f"cannot reach {url}: the server's TLS certificate is not trusted here "
            "(certificate verify failed); give it a certificate this machine trusts."
        )
    if parts.scheme == "https" and ("SSL" in text or "TLS" in text):
        return (
            f"cannot reach {url}: the port does not speak TLS (it looks like plain HTTP); "
            f"try --base-url {plain}."
        )
    if parts.scheme == "http" and _speaks_tls(parts.hostname or "", parts.port or 80):
        return f"cannot reach {url}: the port speaks TLS, not plain HTTP; try --base-url {secure}."
    return f"cannot reach {url}: {text.splitlines()[0]}."


def _speaks_tls(host: str, port: int) -> bool:
    """Whether a TLS handshake succeeds at host:port (any certificate: only the protocol counts)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=3) as raw,
            context.wrap_socket(raw, server_hostname=host),
        ):
            return True
    except (OSError, ssl.SSLError):
        return False


def another_api(context: RunContext, url: str, label: str) -> str:
    """The sentence for a JSON 404 to ping: which other API the server seems to speak."""
    evidence = _open_source_evidence(context)
    if evidence:
        return (
            f"{url} answered 404 in JSON: this server speaks another Mem0 API, the mem0 "
            f"open-source server's ({evidence}), not the platform API verify judges "
            "(/v1/ping/, /v1/memories/); point --base-url at a platform-compatible server."
        )
    return (
        f"{url} answered 404 in JSON: {label} is not served here; the server may speak another "
        "Mem0 API (the mem0 open-source server serves POST /memories, not /v1/), or its "
        "platform API sits under a path prefix to add to --base-url."
    )


def _open_source_evidence(context: RunContext) -> str:
    """What shows the open-source server's API, cheaply: its openapi.json, or GET /memories."""
    try:
        document = context.session.send("GET", "/openapi.json").json(default=None)
        if isinstance(document, dict) and isinstance(document.get("paths"), dict):
            paths = [p for p in OPEN_SOURCE_PATHS if p in document["paths"]]
            if paths:
                return f"its /openapi.json lists {', '.join(paths)}"
        exchange = context.session.send("GET", OPEN_SOURCE_PATHS[0])
    except httpx.TransportError:
        return ""
    return _routed(exchange)


def _routed(exchange: Exchange) -> str:
    if exchange.status in (404, 405) or exchange.json(default=None) is None:
        return ""
    return f"GET /memories answered {exchange.status} in JSON"
