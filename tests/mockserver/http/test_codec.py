"""The one JSON encoding of answers and the one decoding of request bodies."""

from __future__ import annotations

import pytest

from mockserver.http.codec import json_bytes, json_value


def test_json_is_compact_utf8_in_build_order_and_escapes_lone_surrogates() -> None:
    assert json_bytes({"b": 1, "a": "é"}) == '{"b":1,"a":"é"}'.encode()
    assert json_bytes({"a": "\udc80"}) == b'{"a":"\\udc80"}'


@pytest.mark.parametrize("text", ["NaN", '{"a": Infinity}', "[-Infinity]"])
def test_nan_and_infinity_are_not_json(text: str) -> None:
    with pytest.raises(ValueError, match="is not JSON"):
        json_value(text)


@pytest.mark.parametrize("text", ["1e400", "-1e400", '{"v": [1E+999]}'])
def test_a_number_no_double_holds_is_not_json_here(text: str) -> None:
    with pytest.raises(ValueError, match="too large"):
        json_value(text)


def test_large_but_finite_numbers_are_kept() -> None:
    assert json_value("[1e308, -2.5e-320, 123456789012345678901234567890]") == [
        1e308,
        -2.5e-320,
        123456789012345678901234567890,
    ]
