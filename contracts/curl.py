"""A request as a runnable curl command, the key read from `$MEM0_API_KEY`.

Every failure carries one, so a person can replay what the suite sent without the suite (and without
the key ending up in a CI log). Where the key stands (`contracts/masking.py` decides) the command
says `${MEM0_API_KEY}` inside double quotes, so the shell puts the key back; always the braced
form, so the key with a character added (`${MEM0_API_KEY}x`) is not read as another variable.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping

from contracts.masking import BODY, REDACTED, URL, key_spans

KEY_VARIABLE = "MEM0_API_KEY"
KEY_PLACEHOLDER = "${" + KEY_VARIABLE + "}"
# Headers curl sets by itself, and Schemathesis' random id of a case; leaving them out keeps the
# reproduction short and the report the same from one run to the next.
_NOISE_HEADERS = frozenset(
    {
        "content-length",
        "host",
        "accept-encoding",
        "connection",
        "user-agent",
        "x-schemathesis-testcaseid",
    }
)


def render_curl(
    method: str, url: str, headers: Mapping[str, str], body: bytes | None, api_key: str
) -> str:
    """A runnable curl command; where the key stands it says `${MEM0_API_KEY}`.

    Example:
        >>> render_curl("GET", "http://h/v1/ping/", {"Authorization": "Token k1"}, None, "k1")
        'curl -X GET http://h/v1/ping/ -H "Authorization: Token ${MEM0_API_KEY}"'
    """
    parts = ["curl", "-X", method, _word(url, key_spans(api_key, url, URL))]
    for name, value in headers.items():
        if name.lower() in _NOISE_HEADERS:
            continue
        shift = len(name) + 2
        spans = [(start + shift, end + shift) for start, end in key_spans(api_key, value, name)]
        parts += ["-H", _word(f"{name}: {value}", spans)]
    if body:
        text = body.decode("utf-8", errors="replace")
        spans = key_spans(api_key, text, BODY)
        # A key that JSON escapes (a quote, a backslash) cannot be put back by the shell inside a
        # JSON string as it is: such a key reads as <redacted> in the body instead.
        put_back = text == api_key or json.dumps(api_key, ensure_ascii=False)[1:-1] == api_key
        parts += ["--data-raw", _word(text, spans, KEY_PLACEHOLDER if put_back else REDACTED)]
    return " ".join(parts)


def _word(text: str, spans: list[tuple[int, int]], stand_in: str = KEY_PLACEHOLDER) -> str:
    """One shell word: single-quoted when the key is not in it; otherwise double-quoted with
    everything but the key's places literal (backslash, quote, `$` and backtick escaped)."""
    if not spans:
        return shlex.quote(text)
    pieces, last = [], 0
    for start, end in spans:
        pieces += [_literal(text[last:start]), stand_in]
        last = end
    pieces.append(_literal(text[last:]))
    return '"' + "".join(pieces) + '"'


def _literal(text: str) -> str:
    for special in ("\\", '"', "$", "`"):
        text = text.replace(special, "\\" + special)
    return text
