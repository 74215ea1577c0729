"""Serve a deterministic mock of Mem0's POST /v1/memories/ (plus GET /v1/ping/ and
GET /v1/event/{event_id}/) on your machine, instead of the paid service.

Point the official client at it:  MemoryClient(api_key="mock-key", host="http://127.0.0.1:8000")
or curl:  curl -X POST http://127.0.0.1:8000/v1/memories/ -H "Authorization: Token mock-key" \\
            -H "Content-Type: application/json" \\
            -d '{"messages": [{"role": "user", "content": "I live in Berlin"}], "user_id": "alex"}'

Same --seed + same requests = byte-identical answers. Per request, send `Prefer: code=429` (or
400/401/500/503...) to get that documented error, `Prefer: delay=300` to wait 300 ms. See what it
received at /_mock/journal, what it remembers at /_mock/memories, start over with POST /_mock/reset.
Full guide: docs/MOCK.md.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import ipaddress
import os
import signal
import sys
from pathlib import Path
from typing import Any

from mockserver.settings import Settings

__all__ = ["API_KEYS_ENV", "add_arguments", "run", "settings_from_args"]

# Comma-separated keys, used when no --api-key is given (keeps keys out of shell history).
API_KEYS_ENV = "MEM0_MOCK_API_KEYS"
_GRACEFUL_SHUTDOWN_S = 5
# Levels at which uvicorn writes its access log (one line per request).
_ACCESS_LOG_LEVELS = frozenset({"info", "debug"})


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    net = parser.add_argument_group("where it listens")
    net.add_argument("--host", default="127.0.0.1", help="interface to bind (default: %(default)s)")
    net.add_argument("--port", type=int, default=8000, help="port, 0 = any free (default: 8000)")

    who = parser.add_argument_group("who may call it")
    who.add_argument(
        "--api-key",
        dest="api_keys",
        action="append",
        metavar="KEY",
        help=f"accepted key, repeatable (default: ${API_KEYS_ENV}, comma-separated, else mock-key)",
    )
    who.add_argument("--org-id", default=Settings.org_id, help="org of every key (%(default)s)")
    who.add_argument(
        "--project-id", default=Settings.project_id, help="project of every key (%(default)s)"
    )
    who.add_argument(
        "--user-email", default=Settings.user_email, help="email GET /v1/ping/ returns"
    )

    state = parser.add_argument_group("what it remembers")
    state.add_argument(
        "--seed", type=int, default=Settings.seed, help="seed of every id (default: %(default)s)"
    )
    state.add_argument("--memories", type=Path, metavar="FILE", help="JSON fixture to start from")
    state.add_argument("--stateless", action="store_true", help="remember nothing between requests")
    state.add_argument(
        "--max-memories-per-scope",
        type=int,
        default=Settings.max_memories_per_scope,
        metavar="N",
        help="oldest memories are evicted beyond N (default: %(default)s)",
    )
    state.add_argument(
        "--max-scopes",
        type=int,
        default=Settings.max_scopes,
        metavar="N",
        help="adds to scope N+1 get 429 until reset (default: %(default)s)",
    )
    state.add_argument(
        "--max-events",
        type=int,
        default=Settings.max_events,
        metavar="N",
        help="queued-add outcomes kept for GET /v1/event/ (default: %(default)s)",
    )
    state.add_argument(
        "--max-store-chars",
        type=int,
        default=Settings.max_store_chars,
        metavar="N",
        help="characters of memory text kept in all; adds past it get 429 (default: %(default)s)",
    )
    state.add_argument(
        "--today",
        type=_date,
        default=Settings.today,
        metavar="DATE",
        help="date that expires memories (default: %(default)s)",
    )
    state.add_argument("--real-clock", action="store_true", help="use today's real date instead")

    faults = parser.add_argument_group("how it misbehaves (for testing your error handling)")
    faults.add_argument(
        "--latency-ms",
        type=int,
        default=Settings.latency_ms,
        metavar="MS",
        help="delay before every answer (default: %(default)s)",
    )
    faults.add_argument(
        "--fault-rate",
        type=_rate,
        default=Settings.fault_rate,
        metavar="P",
        help="fraction 0..1 of valid requests answered 500, seeded (default: %(default)s)",
    )
    faults.add_argument(
        "--rate-limit",
        type=int,
        metavar="N",
        help="requests per minute and key, then 429 (default: unlimited)",
    )
    faults.add_argument(
        "--force-status",
        type=int,
        metavar="CODE",
        help="answer every request with this documented error (e.g. 503)",
    )
    faults.add_argument(
        "--max-body-bytes",
        type=int,
        default=Settings.max_body_bytes,
        metavar="N",
        help="larger bodies get 413 (default: %(default)s)",
    )

    web = parser.add_argument_group("for browsers and tests")
    web.add_argument(
        "--cors-origin",
        dest="cors_origins",
        action="append",
        metavar="ORIGIN",
        help="allowed origin, repeatable (default: *)",
    )
    web.add_argument("--no-cors", action="store_true", help="turn CORS off")
    web.add_argument(
        "--inspection",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="serve /_mock/ (default: only when bound to a loopback address, since the journal "
        "holds request bodies)",
    )
    web.add_argument(
        "--journal-size",
        type=int,
        default=Settings.journal_size,
        metavar="N",
        help="requests kept in /_mock/journal (default: %(default)s)",
    )
    web.add_argument(
        "--journal-max-bytes",
        type=int,
        default=Settings.journal_max_bytes,
        metavar="N",
        help="body bytes the journal may hold, oldest dropped first (default: %(default)s)",
    )
    web.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn log level; the access log never shows keys (default: info)",
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shown_keys(keys: tuple[str, ...], default: tuple[str, ...]) -> str:
    """The default key in full (it is no secret); keys the user chose masked, as in the journal."""
    from mockserver.validation.auth import mask_key

    if keys == default:
        return f"key: {', '.join(keys)}"
    return f"key: {', '.join(mask_key(k) for k in keys)} (as given; masked)"


def settings_from_args(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Any:
    """The `Settings` these flags (and the key environment variable) describe."""
    from mockserver.settings import Settings

    environ = dict(os.environ) if environ is None else environ
    keys = args.api_keys or [
        k.strip() for k in environ.get(API_KEYS_ENV, "").split(",") if k.strip()
    ]
    return Settings(
        seed=args.seed,
        api_keys=tuple(keys) or Settings.api_keys,
        org_id=args.org_id,
        project_id=args.project_id,
        user_email=args.user_email,
        max_body_bytes=args.max_body_bytes,
        latency_ms=args.latency_ms,
        fault_rate=args.fault_rate,
        rate_limit_per_minute=args.rate_limit,
        force_status=args.force_status,
        stateless=args.stateless,
        memories_file=args.memories,
        max_memories_per_scope=args.max_memories_per_scope,
        max_scopes=args.max_scopes,
        max_events=args.max_events,
        max_store_chars=args.max_store_chars,
        journal_size=args.journal_size,
        journal_max_bytes=args.journal_max_bytes,
        cors_origins=() if args.no_cors else tuple(args.cors_origins or ("*",)),
        inspection=_is_loopback(args.host) if args.inspection is None else args.inspection,
        today=args.today,
        real_clock=args.real_clock,
    )


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from mockserver.errors import MockServerError
    from mockserver.http.app import create_app
    from mockserver.http.protocol import envelope_protocol
    from mockserver.server import listening_socket
    from mockserver.settings import Settings

    try:
        settings = settings_from_args(args)
        app = create_app(settings)
    except MockServerError as error:
        print(f"mem0-kit mock: {error}", file=sys.stderr)
        return 2
    try:
        sock = listening_socket(args.host, args.port)
    except OSError as error:
        print(f"mem0-kit mock: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in host else host
    config = uvicorn.Config(
        app,
        log_level=args.log_level,
        # Off when its lines would be dropped anyway: uvicorn formats each one before the level
        # check, ~2% of a request.
        access_log=args.log_level in _ACCESS_LOG_LEVELS,
        # Nothing the mock answers depends on the client's address, so X-Forwarded-* is not read.
        proxy_headers=False,
        lifespan="off",
        http=envelope_protocol(),
        # A client stalled mid-body must not keep a stopping server up forever.
        timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN_S,
    )
    server = uvicorn.Server(config)
    # Everything built so far (modules, the compiled contract, the extraction rules) lives as long
    # as the process: keeping it out of the collector's full sweeps cuts each sweep ~5x (33 -> 7 ms
    # with 10,000 scopes held), the mock's longest pauses under load (bench/ANALYSIS.md).
    gc.collect()
    gc.freeze()

    def stop(*_: object) -> None:
        # Runs for a SIGTERM that comes before uvicorn installs its own handlers, and for the one
        # uvicorn re-raises after it has shut down: ask to stop and return, so the exit code is 0.
        server.should_exit = True

    keys = _shown_keys(settings.api_keys, Settings.api_keys)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        print(
            f"Mem0 mock serving on http://{shown_host}:{port} (seed {settings.seed}); "
            f"send 'Authorization: Token <key>' with {keys}",
            flush=True,
        )
        server.run(sockets=[sock])
    finally:
        sock.close()
        signal.signal(signal.SIGTERM, previous)
    return 0
