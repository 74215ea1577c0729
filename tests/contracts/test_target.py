from __future__ import annotations

import shlex
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contracts import ConfigurationError, Target
from contracts.target import Exchange, Session, render_curl


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"base_url": "localhost:8000"}, "is not an http(s) URL"),
        ({"api_key": ""}, "API key is empty"),
        ({"profile": "deep"}, "choose one of: default, quick, thorough"),
    ],
    ids=["no-scheme", "empty-key", "unknown-profile"],
)
def test_target_refuses_bad_settings(kwargs: dict[str, Any], words: str) -> None:
    settings = {"base_url": "http://127.0.0.1:8000", "api_key": "k", **kwargs}
    with pytest.raises(ConfigurationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Target(**settings)


def test_target_keeps_a_path_prefix() -> None:
    assert Target("http://h:1/mem0/", "k").url("/v1/ping/") == "http://h:1/mem0/v1/ping/"


def test_curl_redacts_the_key_and_stays_runnable() -> None:
    command = render_curl(
        "POST",
        "http://h/v1/memories/",
        {"Authorization": "Token s3cret", "Content-Type": "application/json"},
        b'{"user_id": "it\'s"}',
        "s3cret",
    )
    assert "s3cret" not in command
    assert '"Authorization: Token $MEM0_API_KEY"' in command
    assert shlex.split(command)[-1] == '{"user_id": "it\'s"}'


def _throttling_app(retry_after: str | None) -> Starlette:
    calls = {"n": 0}

    async def ping(request: Request) -> JSONResponse:
        calls["n"] += 1
        if calls["n"] == 1:
            headers = {
                "X-RateLimit-Limit": "1",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": "1",
            }
            if retry_after is not None:
                headers["Retry-After"] = retry_after
            body = {
                "error": "429 Too Many Requests",
                "detail": "Slow down.",
                "details": {"message": "Slow down."},
            }
            return JSONResponse(body, status_code=429, headers=headers)
        return JSONResponse({"n": calls["n"]})

    return Starlette(routes=[Route("/v1/ping/", ping)])


@pytest.mark.parametrize(
    ("retry_after", "waited"), [("3", 3.0), (None, 1.0)], ids=["told", "not-told"]
)
def test_session_waits_out_a_429_and_retries(retry_after: str | None, waited: float) -> None:
    sleeps: list[float] = []
    throttled: list[Exchange] = []
    target = Target("http://testserver", "k", app=_throttling_app(retry_after))
    session = Session(target, on_throttled=throttled.append, sleep=sleeps.append)
    exchange = session.send("GET", "/v1/ping/")
    assert exchange.status == 200
    assert sleeps == [waited]
    assert [e.status for e in throttled] == [429]
    assert session.requests == 2


def test_session_gives_up_past_the_longest_wait() -> None:
    sleeps: list[float] = []
    target = Target("http://testserver", "k", app=_throttling_app("120"), max_throttle_wait=60)
    exchange = Session(target, sleep=sleeps.append).send("GET", "/v1/ping/")
    assert exchange.status == 429
    assert sleeps == []
