"""Answers of many items (an add's 6,000 events, a history of 1,000 rows) are shaped and encoded
in a worker thread: a megabyte of JSON built on the event loop holds every other client.

Below `LARGE_ANSWER` items both stay on the loop, where they cost well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread

from mockserver.http.codec import json_bytes
from mockserver.http.messages import Reply

__all__ = ["LARGE_ANSWER", "encoded", "large_reply", "shaped"]

LARGE_ANSWER = 500

T = TypeVar("T")


async def shaped(count: int, shape: Callable[[], T]) -> T:
    """`shape()`, in a worker thread when it builds more than LARGE_ANSWER items."""
    if count <= LARGE_ANSWER:
        return shape()
    return await anyio.to_thread.run_sync(shape)


def encoded(reply: Reply) -> Reply:
    """The reply with its JSON encoded now (bytes are sent as they are); for a worker thread."""
    if not isinstance(reply.value, bytes) and reply.media_type == "application/json":
        reply.value = json_bytes(reply.value)
    return reply


async def large_reply(count: int, build: Callable[[], Any]) -> Reply:
    """A 200 answer of `build()`'s value, built and encoded off the loop when it is large."""
    return await shaped(count, lambda: encoded(Reply(build())))
