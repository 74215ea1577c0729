from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contracts import RunContext, Target


def _throttles_once_without_rate_limit_headers() -> Starlette:
    calls = {"n": 0}

    async def ping(request: Request) -> JSONResponse:
        calls["n"] += 1
        if calls["n"] == 1:
            # Retry-After: 0, so the session retries at once.
            return JSONResponse(
                {"detail": "slow down"}, status_code=429, headers={"Retry-After": "0"}
            )
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/v1/ping/", ping)])


def test_scope_ids_carry_the_run_prefix() -> None:
    ctx = RunContext(Target("http://127.0.0.1:1", "k", run_id="abc"))
    assert ctx.scope_id("u0") == "mck-abc-u0"


def test_a_429_without_its_headers_is_a_failure_of_the_current_check() -> None:
    app = _throttles_once_without_rate_limit_headers()
    ctx = RunContext(Target("http://testserver", "k", app=app))
    ctx.current_check = "ping"
    assert ctx.session.send("GET", "/v1/ping/").status == 200
    (failure,) = ctx.take_throttle_failures()
    assert (failure.check_id, failure.clause, failure.status) == (
        "ping",
        "schema: response_headers_conformance (429)",
        429,
    )
    assert "required header x-ratelimit-limit is missing" in failure.message
    assert "body (root):" in failure.message  # not the error envelope either
    assert ctx.take_throttle_failures() == []
