"""Rejections already worded, remembered by operation and body bytes.

Load tests and re-run suites send the same few bad payloads over and over; each distinct body is
worded once (~10 us from jsonschema-rs's errors, ~150 us where openapi-core words it), and the same
bad request then gets the same words for the price of a dict lookup. Bounded: the newest `size`
small bodies (at most `max_bytes` each), oldest dropped first.
"""

from __future__ import annotations

from typing import Any

from mockserver.validation.schemas import RequestValidator, Verdict

__all__ = ["RecentVerdicts"]


class RecentVerdicts:
    def __init__(self, validator: RequestValidator, size: int = 512, max_bytes: int = 4096) -> None:
        self._validator = validator
        self._verdicts: dict[tuple[str, bytes], Verdict] = {}
        self.size = size
        self.max_bytes = max_bytes

    def explain(self, op_id: str, raw: bytes, body: Any) -> Verdict:
        """`RequestValidator.explain_body(op_id, body)`, where `body` is `raw` parsed."""
        if len(raw) > self.max_bytes:
            return self._validator.explain_body(op_id, body)
        key = (op_id, raw)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = self._validator.explain_body(op_id, body)
            if len(self._verdicts) > self.size:
                del self._verdicts[next(iter(self._verdicts))]  # dicts keep insertion order
        return verdict
