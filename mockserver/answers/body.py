"""The body gates: media type, charset and content coding (415), size (413), JSON (400), then
the schema (400, worded).

JSON is UTF-8 (RFC 8259), so a `charset` other than UTF-8 is refused rather than guessed at, and a
compressed body (`Content-Encoding: gzip`, ...) is refused naming the header, with
`Accept-Encoding: identity` (RFC 7694), rather than read as if it were plain.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NoReturn

import anyio.to_thread

from mem0spec import Operation
from mockserver.answers.rejection import Rejected, reject
from mockserver.http.codec import json_value
from mockserver.http.envelope import error_reply
from mockserver.http.messages import Incoming
from mockserver.validation.numbers import whole_number
from mockserver.validation.wording import FieldError

if TYPE_CHECKING:
    from mockserver.answers.pipeline import Call
    from mockserver.state.mock_state import MockState

__all__ = ["OFFLOAD_BYTES", "read_json"]

# Rejected bodies larger than this are worded by openapi-core in a worker thread.
OFFLOAD_BYTES = 64 * 1024


async def read_json(state: MockState, operation: Operation, request: Incoming, call: Call) -> None:
    """Parse and validate the body into `call.body` (its bytes into `call.raw`)."""
    content_type = request.headers.get("content-type")
    media_type, _, parameters = (content_type or "").partition(";")
    media_type = media_type.strip().lower()
    if media_type not in operation.body_media_types:
        shown = "missing" if content_type is None else repr(content_type)
        reject(415, f"Content-Type must be {' or '.join(operation.body_media_types)}, not {shown}.")
    if parameters:
        _check_charset(parameters)
    if "content-encoding" in request.headers:
        _check_coding(request.header_values("content-encoding"))
    limit = state.settings.max_body_bytes
    # A declared length past the limit is refused before the body is read; one of more digits
    # than a number is written with is past it too.
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit():
        length = whole_number(declared, max_digits=18)
        if length is None or length > limit:
            reject(413, f"The request body is larger than {limit} bytes.")
    raw = await request.body(limit)
    if raw is None:
        reject(413, f"The request body is larger than {limit} bytes.")
    call.raw = raw
    call.body = _parse_json(raw)
    op_id = operation.operation_id
    if state.validator.body_is_valid(op_id, call.body):
        return
    # Wording a rejection costs openapi-core's time (seconds for a large body): off the loop then.
    if len(raw) > OFFLOAD_BYTES:
        verdict = await anyio.to_thread.run_sync(state.validator.explain_body, op_id, call.body)
    else:
        verdict = state.verdicts.explain(op_id, raw, call.body)
    raise Rejected(error_reply(400, verdict.detail, verdict.errors))


_UTF8 = frozenset({"utf-8", "utf8"})
_IDENTITY = frozenset({"", "identity"})


def _check_charset(parameters: str) -> None:
    """415 for a `charset` parameter that is not UTF-8 (`; charset=utf-16`)."""
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() != "charset":
            continue
        charset = value.strip().strip('"').strip()
        if charset.lower() not in _UTF8:
            reject(
                415,
                f"Content-Type charset {charset!r} is not supported: a JSON body is UTF-8; send "
                "charset=utf-8 or no charset.",
            )


def _check_coding(values: list[str]) -> None:
    """415 naming Content-Encoding for any coding but identity: the body is read as sent."""
    codings = [coding.strip() for value in values for coding in value.split(",")]
    refused = [coding for coding in codings if coding.lower() not in _IDENTITY]
    if refused:
        reject(
            415,
            f"Content-Encoding {', '.join(refused)} is not supported: send the body "
            "uncompressed (no Content-Encoding, or identity).",
            headers={"Accept-Encoding": "identity"},
        )


def _not_json(message: str) -> NoReturn:
    reject(400, f"body: {message}.", (FieldError("body", message),))


def _parse_json(raw: bytes) -> Any:
    if not raw:
        _not_json("is required (a JSON object)")
    if raw.startswith(b"\xef\xbb\xbf"):
        _not_json("starts with a UTF-8 byte order mark (EF BB BF); send JSON without one")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        _not_json(f"is not valid UTF-8 (byte {error.start})")
    try:
        return json_value(text)
    except (ValueError, RecursionError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error) or "too deep"
        _not_json(f"is not valid JSON ({reason})")
