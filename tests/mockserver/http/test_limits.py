"""The edge's bounds: how many connections fit under the file-descriptor limit, and the refusal
every bound answers with."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mockserver import Settings
from mockserver.http.limits import FD_RESERVE, EdgeLimits, refusal_bytes

# Run in a child: a process's fd limit is its own, and a lowered hard limit cannot be raised back.
_ROOM = """
import json, logging, resource, sys
logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard}))
from mockserver.http.limits import connection_room
room = connection_room({wanted})
print(json.dumps([room, resource.getrlimit(resource.RLIMIT_NOFILE)[0]]))
"""


def _room(soft: int, hard: int, wanted: int) -> tuple[int, int, str]:
    code = _ROOM.format(soft=soft, hard=hard, wanted=wanted)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    room, soft_after = json.loads(done.stdout)
    return room, soft_after, done.stderr


def test_the_soft_fd_limit_is_raised_to_hold_every_connection() -> None:
    room, soft_after, log = _room(soft=256, hard=4096, wanted=1000)
    assert room == 1000
    assert soft_after == 1000 + FD_RESERVE
    assert log == ""


def test_past_the_hard_fd_limit_fewer_connections_are_held_and_it_is_said() -> None:
    room, soft_after, log = _room(soft=200, hard=300, wanted=1000)
    assert room == 300 - FD_RESERVE
    assert soft_after == 300
    assert "--max-connections 1000" in log and "ulimit -n" in log, log


def test_the_limits_come_from_the_settings() -> None:
    settings = Settings(max_head_bytes=4096, max_headers=20, head_timeout_s=3, body_timeout_s=4)
    limits = EdgeLimits.from_settings(settings)
    assert (limits.max_head_bytes, limits.max_headers) == (4096, 20)
    assert (limits.head_timeout_s, limits.body_timeout_s) == (3, 4)
    assert EdgeLimits().max_connections == Settings().max_connections


@pytest.mark.parametrize(
    ("status", "line"), [(431, b"HTTP/1.1 431 X\r\n"), (408, b"HTTP/1.1 408 Y\r\n")]
)
def test_a_refusal_is_the_envelope_and_closes(status: int, line: bytes) -> None:
    raw = refusal_bytes(
        line, status, "Too much.", [(b"server", b"uvicorn")], ((b"retry-after", b"1"),)
    )
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == line.rstrip()
    assert b"connection: close" in lines and b"retry-after: 1" in lines
    assert f"content-length: {len(body)}".encode() in lines
    document = json.loads(body)
    assert document["error"].startswith(f"{status} ")
    assert document["detail"] == document["details"]["message"] == "Too much."
