"""Every buffer of the inspection side has a bound, against a real server: errors kept for
`check()` (how many, and without the bodies their frames held), the categories cache (however
many distinct large `custom_categories` arrive), and the pages of `/_mock/journal` and
`/_mock/memories` (never rendered past what was asked, whatever the journal or store holds).
Timings here are on a shared machine: the bounds asserted are loose on purpose."""

from __future__ import annotations

import gc
import logging
import time
import tracemalloc
from typing import Any

import httpx
import pytest

from mockserver import Settings, run_in_thread
from mockserver.http.messages import Incoming, Reply
from tests.hardening.process import spawn

AUTH = {"Authorization": "Token mock-key"}
MIB = 1_048_576


def _messages(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def test_kept_errors_are_few_and_hold_no_request_bodies() -> None:
    async def crash(state: Any, request: Incoming, body: Any) -> Reply:
        parsed = [body, str(body) * 2]  # what a frame holds when an answer fails
        raise RuntimeError(f"the answer failed on {len(parsed)} values")

    # What the server keeps, without the journal's bodies and the log records pytest keeps.
    quiet = logging.getLogger("mockserver")
    with run_in_thread(Settings(max_body_bytes=2 * MIB, journal_size=0)) as server:
        server.app.override("addMemories", crash)
        gc.collect()
        tracemalloc.start()
        quiet.propagate = False
        try:
            with httpx.Client(base_url=server.url, headers=AUTH, timeout=30.0) as client:
                for n in range(40):
                    body = {"messages": _messages(f"{n} " + "x" * MIB), "user_id": "u"}
                    assert client.post("/v1/memories/", json=body).status_code == 500
            gc.collect()
            held, _ = tracemalloc.get_traced_memory()
        finally:
            quiet.propagate = True
            tracemalloc.stop()
        kept = len(server.app.errors)
        with pytest.raises(RuntimeError, match="the answer failed on 2 values"):
            server.check()  # the first error, with its type and words
        server.app.errors.clear()
    assert kept == 20
    # 40 bodies of 1 MiB, each kept three times over (parsed, doubled): ~120 MiB before.
    assert held < 16 * MIB, f"{held / MIB:.1f} MiB still held by the server after 40 errors"


def test_distinct_large_custom_categories_do_not_grow_the_process() -> None:
    process = spawn("--journal-size", "0")  # what the caches keep, not the journal's bodies
    try:
        with httpx.Client(base_url=process.url, headers=process.auth, timeout=30.0) as client:

            def add(n: int) -> None:  # ~200 KB of description in 2,000 words, new each time
                description = " ".join(f"topic{n}x{k}" + "y" * 90 for k in range(2_000))
                body = {
                    "messages": _messages("I love sushi."),
                    "user_id": f"u{n % 5}",
                    "custom_categories": [{f"c{n}": description}],
                }
                assert client.post("/v1/memories/", json=body).status_code == 200

            rss = []
            for n in range(240):  # 160 distinct tables after the warm-up: ~120 MB if cached
                add(n)
                if n in (79, 159, 239):
                    rss.append(process.rss_mib())
        # The allocator keeps what one large add needed at its peak; what grows with each new
        # table is what a cache keeps.
        assert rss[2] - rss[0] < 20, f"RSS after 80, 160, 240 adds: {rss} MiB"
    finally:
        process.terminate()


def test_journal_and_memories_pages_stay_small_and_quick_whatever_is_held() -> None:
    process = spawn("--journal-max-bytes", str(256 * MIB), "--max-memories-per-scope", "10000")
    try:
        with httpx.Client(base_url=process.url, headers=process.auth, timeout=60.0) as client:
            rejected = b'"' + b"\\u0000" * (MIB // 6) + b'"'  # ~1 MiB that renders ~1 MiB
            for _ in range(32):
                headers = {"Content-Type": "application/json"}
                assert client.post("/v1/memories/", content=rejected, headers=headers).is_error
            for batch in range(10):  # 10,000 memories in one scope, 1,000 per add
                texts = [f"fact {batch}-{k}" for k in range(1_000)]
                body = {
                    "messages": [{"role": "user", "content": t} for t in texts],
                    "user_id": "many",
                    "infer": False,
                }
                assert client.post("/v1/memories/", json=body).status_code == 200
            timings = {}
            for path in ("/_mock/journal", "/_mock/memories", "/_mock/memories?limit=1000"):
                started = time.perf_counter()
                answer = client.get(path)
                timings[path] = time.perf_counter() - started
                assert answer.status_code == 200
                assert len(answer.content) <= 4 * MIB + 64 * 1024, (path, len(answer.content))
            memories = client.get("/_mock/memories?limit=1000&offset=9500").json()
            assert len(memories["memories"]) == 500
            assert "next" not in memories
            rss = process.rss_mib()
        assert all(seconds < 3.0 for seconds in timings.values()), timings
        assert rss < 400, f"RSS {rss:.0f} MiB"
    finally:
        process.terminate()
