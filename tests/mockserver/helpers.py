"""Helpers for the mock's tests: in-process calls, and the contract's answers read from the spec."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from mem0spec import Operation, bundled

AUTH = {"Authorization": "Token mock-key"}
MESSAGES = [{"role": "user", "content": "Hi, I'm Alex. I live in Berlin."}]


def call(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request to an ASGI app in-process (httpx.ASGITransport), synchronously."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://mock.test") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(send())


def add(app: Any, body: dict[str, Any], **kwargs: Any) -> httpx.Response:
    headers = {**AUTH, **kwargs.pop("headers", {})}
    return call(app, "POST", "/v1/memories/", json=body, headers=headers, **kwargs)


def operation_at(operation_path: str, method: str) -> Operation:
    """The contract's operation at that path template and method (`"/v1/memories/"`, `"post"`)."""
    found = [
        op
        for op in bundled().operations.values()
        if op.path == operation_path and op.method == method.upper()
    ]
    assert found, f"openapi.yaml has no {method.upper()} {operation_path}"
    return found[0]


def response_schema(operation_path: str, method: str, status: int) -> Any:
    """A validator for the contract's response body of that operation and status."""
    spec = bundled()
    component = operation_at(operation_path, method).body_components.get(status)
    if component is not None:
        return spec.validator({"$ref": f"#/components/schemas/{component}"})
    # An inline schema (a bare array of hits or history rows).
    response = spec.resolve(
        spec.document["paths"][operation_path][method]["responses"][str(status)]
    )
    return spec.validator(response["content"]["application/json"]["schema"])


def required_headers(operation_path: str, method: str, status: int) -> set[str]:
    """The headers (lower-cased) the contract requires with that operation's `status` answer."""
    return {name.lower() for name in operation_at(operation_path, method).required_headers(status)}
