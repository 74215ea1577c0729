"""The hand-made corpus of bad input: every answer is a 4xx with the contract's error envelope (or,
where the input is legal after all, a 200), never a 5xx or a hang, and the process survives.

The 100 MB body is in test_big_bodies.py (slow).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.hardening.conftest import assert_alive
from tests.hardening.envelope import check_error_answer, schema_errors
from tests.hardening.process import MockProcess
from tests.hardening.rawhttp import RawResponse, exchange, request_bytes

KEY = "Token mock-key"
JSON_TYPE = "application/json"
MESSAGE = b'[{"role":"user","content":"I live in Berlin."}]'
VALID = b'{"messages":' + MESSAGE + b',"user_id":"hardening"}'
DEPTH = 10_000
DIGITS = 10_000


def add(
    body: bytes, content_type: str | None = JSON_TYPE, auth: str | None = KEY, *extra: str
) -> bytes:
    """POST /v1/memories/ with these exact bytes (None leaves a header out)."""
    headers = [("Authorization", auth)] if auth is not None else []
    headers += [("Content-Type", content_type)] if content_type is not None else []
    headers += [(name, value) for name, value in (item.split(": ", 1) for item in extra)]
    return request_bytes("POST", "/v1/memories/", headers=headers, body=body)


def scoped(extra: bytes, messages: bytes = MESSAGE) -> bytes:
    """A valid body with `extra` (`,"key":value` pairs) appended."""
    return b'{"messages":' + messages + b',"user_id":"u"' + extra + b"}"


def metadata(value: bytes) -> bytes:
    return scoped(b',"metadata":{"v":' + value + b"}")


def verbatim(content: bytes) -> bytes:
    return scoped(b',"infer":false', messages=b'[{"role":"user","content":"' + content + b'"}]')


def check_accepted_or_rejected(answer: RawResponse) -> None:
    """A body the contract may take or refuse: a conforming 200, or a contract error."""
    if answer.status == 200:
        assert schema_errors("AddMemoriesResponse", answer.json()) == []
    else:
        check_error_answer(answer.status, answer.headers, answer.body)


NESTED_ARRAYS = b"[" * DEPTH + b"]" * DEPTH
NESTED_OBJECTS = b'{"a":' * DEPTH + b"1" + b"}" * DEPTH
MANY_MESSAGES = b",".join(b'{"role":"user","content":"I like tea %d."}' % i for i in range(20_000))
MANY_KEYS = b",".join(b'"k%d":%d' % (i, i) for i in range(50_000))
NINES = b"9" * DIGITS
NUMBER_USER_ID = b'{"messages":' + MESSAGE + b',"user_id":' + NINES + b"}"
SURROGATE_FACT = b'[{"role":"user","content":"I live in \\ud800"}]'
TEA_900KB = b'[{"role":"user","content":"' + b"I like tea. " * 75_000 + b'"}]'
KEY_ONLY = [("Authorization", KEY)]
EVERY_OPTION = {
    "messages": [{"role": "user", "content": "I'm allergic to peanuts."}],
    "user_id": "u", "app_id": "a", "metadata": {"a": 1}, "includes": "health",
    "excludes": "greetings", "infer": True, "output_format": "v1.1",
    "custom_categories": [{"health": "h"}], "custom_instructions": "x", "immutable": True,
    "expiration_date": "2030-12-31", "org_id": "o", "project_id": "p", "version": "v2",
    "async_mode": False, "unknown": [1, {"x": None}],
}  # fmt: skip

# Inputs the contract must reject: id -> request bytes.
REJECTED = {
    "truncated-json": add(b'{"messages": ['),
    "not-json": add(b"hello"),
    "empty-body": add(b""),
    "invalid-utf8": add(verbatim(b"\xff\xfe")),
    "invalid-utf8-in-key": add(scoped(b',"\xc3\x28":1')),
    "raw-nul-byte": add(b'{"messages":\x00' + MESSAGE + b',"user_id":"u"}'),
    "only-nul-bytes": add(b"\x00" * 64),
    "arrays-nested-10000-deep": add(NESTED_ARRAYS),
    "objects-nested-10000-deep": add(NESTED_OBJECTS),
    "unclosed-10000-deep": add(b"[" * DEPTH),
    "messages-nested-10000-deep": add(scoped(b"", messages=NESTED_ARRAYS)),
    "role-is-a-10000-digit-number": add(scoped(b"", b'[{"role":' + NINES + b',"content":"x"}]')),
    "user-id-is-a-10000-digit-number": add(NUMBER_USER_ID),
    "top-level-array": add(b"[" + VALID + b"]"),
    "top-level-string": add(b'"hello"'),
    "top-level-null": add(b"null"),
    "top-level-number": add(b"42"),
    "duplicate-keys-last-clears-scope": add(scoped(b',"user_id":null')),
    "messages-empty": add(scoped(b"", messages=b"[]")),
    "role-unknown": add(scoped(b"", messages=b'[{"role":"robot","content":"x"}]')),
    "expiration-not-a-date": add(scoped(b',"expiration_date":"2030-02-30"')),
    "infer-null": add(scoped(b',"infer":null')),
    "content-type-missing": add(VALID, None),
    "content-type-text-plain": add(VALID, "text/plain"),
    "content-type-form": add(b"messages=x", "application/x-www-form-urlencoded"),
    "content-type-multipart": add(b"--xyz--", "multipart/form-data; boundary=xyz"),
    "content-type-jsonx": add(VALID, "application/jsonx"),
    "content-type-empty": add(VALID, ""),
    "auth-missing": add(VALID, JSON_TYPE, None),
    "auth-bearer": add(VALID, JSON_TYPE, "Bearer mock-key"),
    "auth-empty-token": add(VALID, JSON_TYPE, "Token "),
    "auth-prefix-of-key": add(VALID, JSON_TYPE, "Token mock-ke"),
    "auth-key-plus-suffix": add(VALID, JSON_TYPE, "Token mock-key2"),
    "auth-8kb-key": add(VALID, JSON_TYPE, "Token " + "k" * 8192),
    "auth-non-ascii-key": add(VALID, JSON_TYPE, "Token mock-k\xe9y"),
    "auth-non-ascii-key-bad-body": add(b"{", JSON_TYPE, "Token \xff\xfe"),
    "expiration-year-0000": add(scoped(b',"expiration_date":"0000-01-01"')),
    "expiration-year-0000-queued": add(
        scoped(b',"expiration_date":"0000-12-31","async_mode":true')
    ),
    "expiration-year-0000-verbatim": add(scoped(b',"expiration_date":"0000-06-15","infer":false')),
    "number-too-large-for-a-double": add(metadata(b"1e400")),
    "metadata-nested-970-deep": add(metadata(b'{"a":' * 970 + b"1" + b"}" * 970)),
    "event-unknown-id": request_bytes("GET", "/v1/event/no-such-event/", headers=KEY_ONLY),
    "event-id-bad-percent-encoding": request_bytes("GET", "/v1/event/%ff%fe/", headers=KEY_ONLY),
}  # fmt: skip

# Inputs the contract may accept or reject, as long as the answer is well-formed and not a 5xx.
EITHER = {
    "nul-escape-in-content": add(verbatim(b"a\\u0000b")),
    "lone-surrogate-in-content-verbatim": add(verbatim(b"\\udc80")),
    "lone-surrogate-in-content-inferred": add(scoped(b"", SURROGATE_FACT)),
    "lone-surrogate-in-user-id": add(b'{"messages":' + MESSAGE + b',"user_id":"\\udfff"}'),
    "lone-surrogate-in-metadata-key": add(metadata(b'{"\\ud800":1}')),
    "metadata-nested-10000-deep": add(metadata(NESTED_OBJECTS)),
    "metadata-nested-900-deep": add(metadata(b"[" * 900 + b"]" * 900)),
    "metadata-int-10000-digits": add(metadata(b"1" * DIGITS)),
    "metadata-negative-int-10000-digits": add(metadata(b"-" + b"1" * DIGITS)),
    "metadata-float-10000-digits": add(metadata(b"0." + b"1" * DIGITS)),
    "metadata-exponent-overflow": add(metadata(b"1e999999")),
    "metadata-nan-literal": add(metadata(b"NaN")),
    "metadata-infinity-literal": add(metadata(b"-Infinity")),
    "duplicate-keys-last-sets-scope": add(b'{"user_id":null,' + VALID[1:]),
    "utf8-bom": add(b"\xef\xbb\xbf" + VALID),
    "utf16-body": add(VALID.decode().encode("utf-16")),
    "content-type-uppercase": add(VALID, "APPLICATION/JSON"),
    "content-type-charset-latin1": add(VALID, "application/json; charset=latin-1"),
    "content-type-json-then-text": add(VALID, JSON_TYPE, KEY, "Content-Type: text/plain"),
    "authorization-twice": add(VALID, JSON_TYPE, KEY, "Authorization: Token wrong"),
    "content-900kb-verbatim": add(verbatim(b"x" * 900_000)),
    "content-900kb-inferred": add(scoped(b"", TEA_900KB)),
    "metadata-50000-keys": add(metadata(b"{" + MANY_KEYS + b"}")),
    "every-option": add(json.dumps(EVERY_OPTION).encode()),
}  # fmt: skip


# Numbers `str.isdigit` takes but `int()` refuses (a superscript, Arabic-Indic digits, more digits
# than `int()` reads), wherever the mock reads a number from a header or a query.
ODD_NUMBERS = {"superscript": "²", "arabic-indic": "٣٠٠", "5000-digits": "9" * 5000}


def _wire(text: str) -> str:
    """A header value as it travels: Latin-1 bytes as they are ("²" is the one byte 0xB2, which the
    mock reads back as "²"), other characters as their UTF-8 bytes."""
    return text if all(ord(c) < 256 for c in text) else text.encode().decode("latin-1")


NUMBER_READERS = {
    "prefer-code-on-add": lambda n: add(VALID, JSON_TYPE, KEY, f"Prefer: code={_wire(n)}"),
    "prefer-delay-on-add": lambda n: add(VALID, JSON_TYPE, KEY, f"Prefer: delay={_wire(n)}"),
    "prefer-code-on-ping": lambda n: request_bytes(
        "GET", "/v1/ping/", headers=[*KEY_ONLY, ("Prefer", f"code={_wire(n)}")]
    ),
    "prefer-delay-on-event": lambda n: request_bytes(
        "GET", "/v1/event/e1/", headers=[*KEY_ONLY, ("Prefer", f"delay={_wire(n)}")]
    ),
    "journal-limit": lambda n: request_bytes(
        "GET", "/_mock/journal?limit=" + "".join(f"%{b:02X}" for b in n.encode())
    ),
}  # fmt: skip


@pytest.mark.parametrize("number", list(ODD_NUMBERS.values()), ids=list(ODD_NUMBERS))
@pytest.mark.parametrize("reader", list(NUMBER_READERS.values()), ids=list(NUMBER_READERS))
def test_an_odd_number_is_refused_with_a_400(mock: MockProcess, reader: Any, number: str) -> None:
    answer = exchange(mock.port, reader(number))
    assert answer.status == 400, answer.body[:300]
    check_error_answer(answer.status, answer.headers, answer.body)
    assert_alive(mock)


def test_what_the_mock_took_it_can_show_again(mock: MockProcess) -> None:
    """Bodies that parse but nest deep, or carry numbers a double cannot hold, accepted or not:
    the journal and the memories still answer."""
    for raw in (metadata(b"[" * 60 + b"]" * 60), metadata(b"1e400"), add(NESTED_OBJECTS)):
        exchange(mock.port, raw if raw.startswith(b"POST") else add(raw))
    deep = b'{"a":' * 990 + b"1" + b"}" * 990
    exchange(mock.port, add(deep))
    for path in ("/_mock/journal", "/_mock/memories", "/_mock/health"):
        answer = exchange(mock.port, request_bytes("GET", path))
        assert answer.status == 200, (path, answer.body[:300])
        answer.json()


def params(cases: dict[str, bytes]) -> list[Any]:
    return [pytest.param(raw, id=name) for name, raw in cases.items()]


@pytest.mark.parametrize("request_", params(REJECTED))
def test_rejected_with_a_contract_error(mock: MockProcess, request_: bytes) -> None:
    answer = exchange(mock.port, request_)
    check_error_answer(answer.status, answer.headers, answer.body)
    assert_alive(mock)


@pytest.mark.parametrize("request_", params(EITHER))
def test_accepted_or_rejected_never_a_server_error(mock: MockProcess, request_: bytes) -> None:
    check_accepted_or_rejected(exchange(mock.port, request_))
    assert_alive(mock)
