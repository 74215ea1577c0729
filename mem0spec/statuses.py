"""Status lines as the contract words them (`413 Payload Too Large`), else HTTP's reason phrase."""

from __future__ import annotations

import http
from collections.abc import Mapping
from typing import Any

__all__ = ["read_status_lines", "status_line"]


def read_status_lines(document: Mapping[str, Any]) -> dict[int, str]:
    """The status lines the contract's own error examples use, by status."""
    lines: dict[int, str] = {}
    for response in document.get("components", {}).get("responses", {}).values():
        examples = response.get("content", {}).get("application/json", {}).get("examples", {})
        for example in examples.values():
            line = example.get("value", {}).get("error")
            if isinstance(line, str) and line[:3].isdigit():
                lines[int(line[:3])] = line
    return lines


def status_line(status: int, contract_lines: Mapping[int, str]) -> str:
    """`400 Bad Request`: the contract's wording when it has one, else the HTTP reason phrase."""
    if status in contract_lines:
        return contract_lines[status]
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return f"{status} {phrase}"
