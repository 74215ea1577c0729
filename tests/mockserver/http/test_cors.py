"""CORS: the contract's paths for every origin by default, `/_mock/` for none but those named."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from mockserver import Settings, create_app
from tests.mockserver.helpers import AUTH, call

PAGE = "http://localhost:5173"


def _preflight(app: Any, path: str, origin: str, method: str = "POST") -> Any:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "x-mem0-mock, content-type",
    }
    return call(app, "OPTIONS", path, headers=headers)


@pytest.mark.parametrize("path", ["/_mock/journal", "/_mock/memories", "/_mock/health"])
def test_the_inspection_api_gives_no_origin_leave_to_read_it_by_default(path: str) -> None:
    app = create_app(Settings())  # cors_origins="*" for the contract's paths
    answer = call(app, "GET", path, headers={"Origin": "http://evil.example"})
    assert answer.status_code == 200  # answered, but a browser lets no page on that origin read it
    assert "access-control-allow-origin" not in answer.headers
    assert (
        call(app, "GET", "/v1/ping/", headers={**AUTH, "Origin": PAGE}).headers[
            "access-control-allow-origin"
        ]
        == "*"
    )


def test_a_preflight_for_a_state_change_is_refused_by_default() -> None:
    refused = _preflight(create_app(Settings()), "/_mock/reset", "http://evil.example")
    assert refused.status_code == 405
    assert "access-control-allow-origin" not in refused.headers


def test_an_opted_in_origin_may_read_and_reset_and_no_other() -> None:
    app = create_app(Settings(inspection_origins=(PAGE,)))
    allowed = _preflight(app, "/_mock/reset", PAGE)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == PAGE
    assert "x-mem0-mock" in allowed.headers["access-control-allow-headers"].lower()
    journal = call(app, "GET", "/_mock/journal", headers={"Origin": PAGE})
    assert journal.headers["access-control-allow-origin"] == PAGE
    other = _preflight(app, "/_mock/reset", "http://evil.example")
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers
    assert other.json()["detail"].endswith("this origin, method or header is not allowed.")


def test_the_two_origin_lists_are_independent() -> None:
    app = create_app(Settings(cors_origins=(), inspection_origins=(PAGE,)))
    assert (
        "access-control-allow-origin"
        not in call(app, "GET", "/v1/ping/", headers={**AUTH, "Origin": PAGE}).headers
    )
    assert (
        call(app, "GET", "/_mock/health", headers={"Origin": PAGE}).headers[
            "access-control-allow-origin"
        ]
        == PAGE
    )


def test_the_inspection_origins_are_found_below_a_mount_point() -> None:
    outer = Starlette(routes=[Mount("/mem0", app=create_app(Settings()))])
    answer = call(outer, "GET", "/mem0/_mock/health", headers={"Origin": PAGE})
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in answer.headers


def test_inspection_origins_must_be_non_empty_strings() -> None:
    with pytest.raises(ValueError, match="inspection_origins must be a tuple of non-empty"):
        Settings(inspection_origins=("",))
    with pytest.raises(ValueError, match="allowed_hosts must be a tuple of non-empty"):
        Settings(allowed_hosts=("ok", ""))
