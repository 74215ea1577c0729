"""Helpers for the mock's tests: in-process calls, and the contract's answers read from the spec."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import jsonschema_rs

from mem0spec import load_spec

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


def response_schema(operation_path: str, method: str, status: int) -> Any:
    """A validator for the contract's response body of that operation and status."""
    spec = load_spec()
    responses = spec["paths"][operation_path][method]["responses"]
    response = responses[str(status)]
    while "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response["content"]["application/json"]["schema"]
    return jsonschema_rs.Draft202012Validator(
        {**schema, "components": spec["components"]}, validate_formats=True
    )


def required_headers(operation_path: str, method: str, status: int) -> set[str]:
    spec = load_spec()
    response = spec["paths"][operation_path][method]["responses"][str(status)]
    while "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    names = set()
    for name, header in response.get("headers", {}).items():
        while "$ref" in header:
            header = spec["components"]["headers"][header["$ref"].rsplit("/", 1)[1]]
        if header.get("required"):
            names.add(name.lower())
    return names
