"""The HTTP edge's bounds: what one connection may send before its request is read, how long it
may keep the mock waiting, and how many connections the process holds.

httptools (the mock's parser) bounds nothing itself: a head streamed line by line grows without
end, and every stalled connection holds a file descriptor. `http/protocol.py` enforces these
values; they come from `Settings` (`--max-head-bytes`, `--max-headers`, `--head-timeout`,
`--body-timeout`, `--max-connections`).
"""

from __future__ import annotations

import dataclasses
import logging
import resource

from mockserver.http.codec import json_bytes
from mockserver.http.envelope import error_body
from mockserver.settings import Settings

__all__ = ["FD_RESERVE", "EdgeLimits", "connection_room", "refusal_bytes"]

log = logging.getLogger("mockserver")

# Descriptors the process needs besides its connections: the listener, logs, pipes, the worker
# threads' files, the fixture file.
FD_RESERVE = 64


@dataclasses.dataclass(frozen=True)
class EdgeLimits:
    """The bounds `EnvelopeHttpToolsProtocol` enforces (their meaning: docs/HARDENING.md)."""

    max_head_bytes: int = Settings.max_head_bytes
    max_headers: int = Settings.max_headers
    head_timeout_s: float = Settings.head_timeout_s
    body_timeout_s: float = Settings.body_timeout_s
    max_connections: int = Settings.max_connections

    @classmethod
    def from_settings(cls, settings: Settings) -> EdgeLimits:
        return cls(
            max_head_bytes=settings.max_head_bytes,
            max_headers=settings.max_headers,
            head_timeout_s=settings.head_timeout_s,
            body_timeout_s=settings.body_timeout_s,
            max_connections=connection_room(settings.max_connections),
        )


def connection_room(wanted: int) -> int:
    """How many connections this process can hold, up to `wanted`: the soft file-descriptor limit
    is raised towards the hard one when it is lower than `wanted` needs; what still does not fit
    is logged and left out, so that the cap (a clear 503) comes before the fd limit (accept
    failing and every client starved)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + FD_RESERVE
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return wanted
    room = max(1, soft - FD_RESERVE)
    log.warning(
        "--max-connections %d needs %d file descriptors but the limit is %d (ulimit -n): "
        "holding at most %d connections",
        wanted,
        needed,
        soft,
        room,
    )
    return room


def refusal_bytes(
    status_line: bytes,
    status: int,
    detail: str,
    default_headers: list[tuple[bytes, bytes]],
    extra: tuple[tuple[bytes, bytes], ...] = (),
) -> bytes:
    """A whole response in the contract's error envelope that closes the connection, for answers
    the edge gives before (or instead of) the app."""
    body = json_bytes(error_body(status, detail))
    content = [status_line]
    for name, value in [*default_headers, *extra]:
        content += [name, b": ", value, b"\r\n"]
    content += [
        b"content-type: application/json\r\n",
        b"content-length: %d\r\n" % len(body),
        b"connection: close\r\n\r\n",
        body,
    ]
    return b"".join(content)
