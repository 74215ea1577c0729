"""A request as a runnable curl command, the key replaced by `$MEM0_API_KEY`.

Every failure carries one, so a person can replay what the suite sent without the suite (and without
the key ending up in a CI log).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping

KEY_PLACEHOLDER = "$MEM0_API_KEY"
# Headers curl sets by itself; leaving them out keeps the reproduction short.
_NOISE_HEADERS = frozenset(
    {"content-length", "host", "accept-encoding", "connection", "user-agent"}
)


def render_curl(
    method: str, url: str, headers: Mapping[str, str], body: bytes | None, api_key: str
) -> str:
    """A runnable curl command; the real key is replaced by `$MEM0_API_KEY`.

    Example:
        >>> render_curl("GET", "http://h/v1/ping/", {"Authorization": "Token k1"}, None, "k1")
        'curl -X GET http://h/v1/ping/ -H "Authorization: Token $MEM0_API_KEY"'
    """
    parts = ["curl", "-X", method, shlex.quote(url)]
    for name, value in headers.items():
        if name.lower() in _NOISE_HEADERS:
            continue
        line = f"{name}: {value}"
        if api_key and api_key in line:
            # Double quotes, so the shell expands $MEM0_API_KEY; everything else stays literal.
            escaped = line.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
            escaped = escaped.replace(api_key.replace("$", "\\$"), KEY_PLACEHOLDER)
            parts += ["-H", f'"{escaped}"']
        else:
            parts += ["-H", shlex.quote(line)]
    if body:
        text = body.decode("utf-8", errors="replace")
        if api_key:
            text = text.replace(api_key, "<redacted>")
        parts += ["--data-raw", shlex.quote(text)]
    return " ".join(parts)
