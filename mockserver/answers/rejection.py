"""A request refused by one of the pipeline's gates: raised with its answer, caught by the pipeline.

Gates sit several calls deep (auth, Prefer, body, schema); raising the answer keeps each gate a
plain function that either passes or says no with the contract's envelope.
"""

from __future__ import annotations

from typing import NoReturn

from mockserver.http.envelope import error_reply
from mockserver.http.messages import Reply
from mockserver.validation.wording import FieldError

__all__ = ["Rejected", "reject"]


class Rejected(Exception):
    def __init__(self, reply: Reply) -> None:
        self.reply = reply


def reject(
    status: int,
    detail: str,
    errors: tuple[FieldError, ...] = (),
    headers: dict[str, str] | None = None,
) -> NoReturn:
    raise Rejected(error_reply(status, detail, errors, headers))
