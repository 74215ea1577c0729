"""What each app costs per request without HTTP around it: one `await app(scope, receive, send)`
per request, in one event loop. The difference to wrk's figures is the server (uvicorn, h11, the
asyncio transport), which both apps share."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import ceiling
import conversations

REQUESTS = 3_000
VALID = [
    json.dumps(
        {
            "messages": [{"role": "user", "content": "I moved to Lisbon last month."}],
            "user_id": f"bench-user-{i}",
            "output_format": "v1.1",
        }
    ).encode()
    for i in range(1_000)
]
# The mock remembers the words of rejections it has seen (mockserver/validation/verdicts.py):
# "invalid" repeats one bad body, as a load script does; "fresh invalid" never repeats one (each has
# its own user_id), as a fuzzer does, so each is worded by openapi-core.
INVALID = [b'{"messages":[{"role":"robot","content":"beep"}],"user_id":"bench-user-1"}']
FRESH_INVALID = [
    b'{"messages":[{"role":"robot","content":"beep"}],"user_id":"fresh-%d"}' % i
    for i in range(REQUESTS + 200)
]
# "distinct": synchronous infer:true adds of distinct conversations (bench/conversations.py), the
# steadiest figure of what one costs: CPU of the app alone, no server, no other process between.
DISTINCT = [body.encode() for body in conversations.bodies(REQUESTS + 200)]
# "distinct, cold": the same adds with the extractor's caches emptied before each one
# (mockserver/memory/extract/pipeline.py), the cost of a conversation none of whose sentences was
# ever said before. The ceiling has no caches: for it the two are the same.
KINDS = (
    ("valid", VALID),
    ("invalid", INVALID),
    ("fresh invalid", FRESH_INVALID),
    ("distinct", DISTINCT),
    ("distinct, cold", DISTINCT),
)


def _scope(body: bytes) -> dict[str, Any]:
    headers = [
        (b"host", b"127.0.0.1"),
        (b"authorization", b"Token mock-key"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/v1/memories/", "raw_path": b"/v1/memories/",
        "query_string": b"", "root_path": "", "headers": headers,
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
    }  # fmt: skip


async def _one(app: Any, body: bytes) -> int:
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:  # nothing more will come: park like a quiet client
            await asyncio.Event().wait()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(_scope(body), receive, send)
    return statuses[0]


async def _microseconds(
    app: Any, bodies: list[bytes], before: Callable[[], None]
) -> tuple[float, set[int]]:
    for index in range(200):  # warm-up
        await _one(app, bodies[index % len(bodies)])
    statuses = set()
    spent = 0.0
    for i in range(REQUESTS):
        before()
        started = time.perf_counter()
        statuses.add(await _one(app, bodies[i % len(bodies)]))
        spent += time.perf_counter() - started
    return spent / REQUESTS * 1e6, statuses


def _nothing() -> None:
    pass


def measure() -> dict[tuple[str, str], tuple[float, set[int]]]:
    """(app, kind) -> (microseconds per request, statuses seen), kind as in `KINDS`."""
    from mockserver import Settings, create_app

    apps: dict[str, Callable[[], Any]] = {
        "ceiling": ceiling.create_app,
        "mock": lambda: create_app(Settings(seed=7)),
    }
    from mockserver.memory.extract.pipeline import clear_caches

    return {
        (name, kind): asyncio.run(
            _microseconds(make(), bodies, clear_caches if kind.endswith("cold") else _nothing)
        )
        for name, make in apps.items()
        for kind, bodies in KINDS
    }
