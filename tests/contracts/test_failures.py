from __future__ import annotations

from contracts import Failure
from contracts.session import Exchange

EXCHANGE = Exchange(
    method="POST",
    url="http://h/v1/memories/",
    request_headers={"Authorization": "Token s3cret"},
    request_body=b'{"messages": []}',
    status=400,
    headers={"content-type": "application/json"},
    body=b'{"error": "400 Bad Request"}',
    api_key="s3cret",
)


def test_a_failure_from_an_exchange_shows_its_answer_and_curl() -> None:
    failure = Failure.from_exchange("rule-6-validation", "Rule 6: ...", "t", "m", EXCHANGE, rule=6)
    assert (failure.status, failure.body_excerpt, failure.rule) == (
        400,
        '{"error": "400 Bad Request"}',
        6,
    )
    assert failure.curl == EXCHANGE.curl()
    assert "s3cret" not in failure.render()


def test_a_failure_without_an_exchange_has_nothing_to_reproduce() -> None:
    failure = Failure.from_exchange("rule-5-shape", "Rule 5: ...", "t", "m", None, example="1. x")
    assert (failure.curl, failure.status, failure.body_excerpt) == ("", None, "")
    assert failure.render().endswith("smallest failing example:\n    1. x")
