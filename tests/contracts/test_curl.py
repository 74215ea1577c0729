from __future__ import annotations

import shlex

from contracts.curl import render_curl


def test_curl_redacts_the_key_and_stays_runnable() -> None:
    command = render_curl(
        "POST",
        "http://h/v1/memories/",
        {"Authorization": "Token s3cret", "Content-Type": "application/json"},
        b'{"user_id": "it\'s"}',
        "s3cret",
    )
    assert "s3cret" not in command
    assert '"Authorization: Token $MEM0_API_KEY"' in command
    assert shlex.split(command)[-1] == '{"user_id": "it\'s"}'
