from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contracts import Target
from contracts.session import Exchange, Session


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


def test_retrying_waits_out_429s_of_any_sender() -> None:
    # The schema layer retries Schemathesis' own responses through the same loop.
    answers = iter([429, 429, 200])
    sleeps: list[float] = []
    session = Session(Target("http://testserver", "k", app=Starlette()), sleep=sleeps.append)

    def exchange_of(status: int) -> Exchange:
        return Exchange("GET", "http://testserver/v1/ping/", {}, b"", status, {}, b"", "k")

    assert session.retrying(lambda: next(answers), exchange_of) == 200
    assert (sleeps, session.requests) == ([1.0, 1.0], 3)
