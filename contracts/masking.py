"""The API key, masked where it stands and nowhere else.

Every report, JUnit file and curl reproduction may end up in a CI log, so the key must not appear
in them; but replacing every occurrence of its text would mangle the report when the key is short
or common (a key `k` turned `Token` into `To…en` and `hiking` into `hi…ing`). So the key is masked
only where it stands as a credential or as a whole value:

- in a credential header (`Authorization` and `Proxy-Authorization` after the scheme, or the whole
  value when there is no scheme; `X-Api-Key`; each cookie's value in `Cookie`): a credential that
  is the key or begins with it (the key with characters added is still the key's secret part);
- in any other header value, URL query value or path segment, JSON string, or whole body that
  equals it;

never inside other text (scope ids, words, sentences). `key_spans` is the one place that decides;
`mask` and the curl rendering (`contracts/curl.py`) only replace what it finds.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urlsplit

__all__ = ["BODY", "CREDENTIAL_HEADERS", "REDACTED", "URL", "key_spans", "mask"]

# `where` for a request or response body (JSON or not) and for a URL; any other `where` is the
# name of the header whose value is being masked (header names never start with a colon).
BODY = ":body"
URL = ":url"
# What a masked key reads as outside a shell command (where the curl says `${MEM0_API_KEY}`).
REDACTED = "<redacted>"
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "cookie"})
# A lone word that names a scheme is the scheme without a key, never a credential.
_SCHEMES = frozenset({"token", "bearer", "basic", "digest"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9_.~+/-]*)( +)")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)

Span = tuple[int, int]


def key_spans(key: str, text: str, where: str) -> list[Span]:
    """The (start, end) spans of `text` where the key stands, in order and never overlapping.

    `where` is BODY, URL, or the name of the header whose value `text` is.

    Example:
        >>> key_spans("k", "Token k", "Authorization")
        [(6, 7)]
        >>> key_spans("k", '{"user_id": "mck-k-u0", "note": "k"}', BODY)
        [(33, 34)]
    """
    if not key or not text:
        return []
    if where == BODY:
        return _body_spans(key, text)
    if where == URL:
        return _url_spans(key, text)
    name = where.lower()
    if name in ("authorization", "proxy-authorization"):
        return _authorization_spans(key, text)
    if name == "x-api-key":
        return [(0, len(key))] if text.startswith(key) else []
    if name == "cookie":
        return _cookie_spans(key, text)
    return [(0, len(text))] if text == key else []


def mask(key: str, text: str, where: str, replacement: str = REDACTED) -> str:
    """`text` with the key replaced where it stands (see `key_spans`).

    Example:
        >>> mask("k", "I like hiking; my key is k", BODY)
        'I like hiking; my key is k'
        >>> mask("k", '["k", "hiking"]', BODY)
        '["<redacted>", "hiking"]'
    """
    spans = key_spans(key, text, where)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], replacement]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _authorization_spans(key: str, value: str) -> list[Span]:
    scheme = _SCHEME.match(value)
    if scheme is not None and value.startswith(key, scheme.end()):
        # `Token <key>`, `Bearer <key>`, `Token <key>x`: the credential after the scheme.
        return [(scheme.end(), scheme.end() + len(key))]
    if value == key:
        return [(0, len(key))]
    if value.startswith(key) and value.lower() not in _SCHEMES:
        # No scheme: the value is the credential itself (the key, or the key with more).
        return [(0, len(key))]
    return []


def _cookie_spans(key: str, value: str) -> list[Span]:
    spans, offset = [], 0
    for part in value.split(";"):
        name, equals, cookie = part.partition("=")
        if equals:
            start = offset + len(name) + 1
            start += len(cookie) - len(cookie.lstrip())
            if value.startswith(key, start):
                spans.append((start, start + len(key)))
        offset += len(part) + 1
    return spans


def _url_spans(key: str, url: str) -> list[Span]:
    spans = []
    head = url.partition("#")[0].partition("?")[0]
    authority = head.find("//")
    offset = head.find("/", authority + 2) if authority >= 0 else 0
    if offset >= 0:
        for segment in head[offset:].split("/"):
            if segment and (segment == key or unquote(segment) == key):
                spans.append((offset, offset + len(segment)))
            offset += len(segment) + 1
    query = urlsplit(url).query
    if query:
        offset = url.index("?") + 1
        for pair in query.split("&"):
            name, equals, value = pair.partition("=")
            if equals and value and (value == key or unquote(value.replace("+", " ")) == key):
                start = offset + len(name) + 1
                spans.append((start, start + len(value)))
            offset += len(pair) + 1
    return spans


def _body_spans(key: str, text: str) -> list[Span]:
    if text == key:
        return [(0, len(text))]
    spans = []
    for literal in _JSON_STRING.finditer(text):
        try:
            value = json.loads(literal.group())
        except ValueError:
            continue
        if value == key:
            spans.append((literal.start() + 1, literal.end() - 1))
    return spans
