"""The plugin reads the inspection API's listings page by page: `requests()` and `memories()`
return everything, however many pages `/_mock/journal` and `/_mock/memories` take."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

STRICT = ("-W", "error", "--strict-markers", "-p", "no:cacheprovider")


def test_requests_and_memories_read_every_page(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_many(mem0_mock):
            # 14 adds of 100 messages of ~5 KB: 7 MB of journal and 1,400 memories of 5 KB,
            # so both listings take more than one page (1,000 entries or ~4 MiB a page).
            auth = {"Authorization": f"Token {mem0_mock.api_key}"}
            with httpx.Client(base_url=mem0_mock.url, headers=auth, timeout=60) as client:
                for n in range(14):
                    user = ("alice", "bob")[n % 2]
                    messages = [{"role": "user", "content": f"note {n}-{k} " + "x" * 5_000}
                                for k in range(100)]
                    body = {"messages": messages, "user_id": user, "infer": False}
                    assert client.post("/v1/memories/", json=body).status_code == 200
            assert [r.seq for r in mem0_mock.requests()] == list(range(1, 15))
            assert len(mem0_mock.requests(user_id="bob")) == 7
            texts = [m.memory.split()[1] for m in mem0_mock.memories()]
            assert len(texts) == 1_400
            assert texts[:2] == ["0-0", "0-1"] and texts[-1] == "13-99"
            assert len(mem0_mock.memories(user_id="alice")) == 700
        """
    )
    result = pytester.runpytest_subprocess(*STRICT, "-p", "no:schemathesis")
    result.assert_outcomes(passed=1)
