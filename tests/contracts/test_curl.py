"""A failure's curl: runnable as printed, the key read back from `$MEM0_API_KEY` by the shell."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

import pytest

from contracts.curl import render_curl

ADD_URL = "http://h/v1/memories/"


def as_bash_runs_it(command: str, key: str) -> list[str]:
    """The arguments bash hands curl for `command`, with MEM0_API_KEY set to `key`."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = 'curl() { printf "%s\\0" "$@"; }\n' + command
    env = {"PATH": os.environ.get("PATH", ""), "MEM0_API_KEY": key}
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", script],
        env=env,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8").split("\0")[:-1]


def test_curl_masks_the_key_and_stays_runnable() -> None:
    command = render_curl(
        "POST",
        ADD_URL,
        {"Authorization": "Token s3cret", "Content-Type": "application/json"},
        b'{"user_id": "it\'s"}',
        "s3cret",
    )
    assert "s3cret" not in command
    assert '"Authorization: Token ${MEM0_API_KEY}"' in command
    assert shlex.split(command)[-1] == '{"user_id": "it\'s"}'


def test_a_one_letter_key_leaves_the_scheme_and_the_words_alone() -> None:
    body = b'{"user_id": "mck-k1-fz-kate", "messages": [{"role": "user", "content": "hiking"}]}'
    command = render_curl("POST", ADD_URL, {"Authorization": "Token k"}, body, "k")
    assert '-H "Authorization: Token ${MEM0_API_KEY}"' in command
    assert "'" + body.decode() + "'" in command


@pytest.mark.parametrize(
    "key",
    ["k", "mock-key", "alex", r"a.b*(c)+?[d]^|{2}", "p$ss`w\"o'rd\\", "ключ"],
    ids=["one-letter", "mock", "a-scope-word", "regex", "shell-specials", "non-ascii"],
)
@pytest.mark.parametrize(
    "credential",
    ["Token {key}", "Token {key}x", "Bearer {key}", "{key}", "{key}x", "Token"],
    ids=["token", "key-plus-a-character", "bearer", "no-scheme", "no-scheme-plus", "scheme-alone"],
)
def test_bash_sends_exactly_the_header_that_was_sent(key: str, credential: str) -> None:
    value = credential.format(key=key)
    headers = {"Authorization": value, "X-Api-Key": key, "Cookie": f"s={key}x; theme=dark"}
    body = (
        '{"user_id": "mck-r-alex", "note": ' + _json(key) + ', "text": "I like hiking"}'
    ).encode()
    # A key that JSON escapes cannot be put back inside a JSON string by the shell: <redacted>.
    sent = (
        body.decode()
        if _json(key) == f'"{key}"'
        else body.decode().replace(_json(key), '"<redacted>"')
    )
    command = render_curl("POST", ADD_URL + "?user_id=" + key, headers, body, key)
    if len(key) > 3:
        # A key long enough not to occur by chance appears nowhere in the printed command.
        assert key not in command.replace("mck-r-alex", "").replace("hiking", "")
    assert as_bash_runs_it(command, key) == [
        "-X",
        "POST",
        ADD_URL + "?user_id=" + key,
        "-H",
        f"Authorization: {value}",
        "-H",
        f"X-Api-Key: {key}",
        "-H",
        f"Cookie: s={key}x; theme=dark",
        "--data-raw",
        sent,
    ]


def test_the_key_plus_a_character_is_braced_so_bash_does_not_read_another_variable() -> None:
    command = render_curl("GET", "http://h/v1/ping/", {"Authorization": "Token kx"}, None, "k")
    assert command.endswith('-H "Authorization: Token ${MEM0_API_KEY}x"')
    assert "$MEM0_API_KEYx" not in command
    assert as_bash_runs_it(command, "k")[-1] == "Authorization: Token kx"


def _json(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def test_headers_curl_sets_itself_and_schemathesis_case_ids_are_left_out() -> None:
    headers = {
        "Host": "h",
        "Content-Length": "2",
        "User-Agent": "python-requests",
        "X-Schemathesis-TestCaseId": "WSbK54",
        "Accept": "*/*",
    }
    assert render_curl("GET", "http://h/v1/ping/", headers, None, "k") == (
        "curl -X GET http://h/v1/ping/ -H 'Accept: */*'"
    )
