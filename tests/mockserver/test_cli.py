"""`mem0-kit mock`: flags into Settings, a startup line with URL and key, keys kept out of logs."""

from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from mockserver import Settings, cli
from mockserver.setting_options import Option
from mockserver.settings import setting_options

ROOT = Path(__file__).resolve().parents[2]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def test_defaults_are_the_settings_defaults_and_bind_to_localhost() -> None:
    args = parse()
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert cli.settings_from_args(args, environ={}) == Settings()


def test_every_flag_reaches_the_settings(tmp_path: Path) -> None:
    fixture = tmp_path / "memories.json"
    fixture.write_text('{"memories": []}')
    args = parse(
        "--seed", "9", "--api-key", "k1", "--api-key", "k2", "--org-id", "o", "--project-id", "p",
        "--user-email", "e@x", "--memories", str(fixture), "--stateless",
        "--max-memories-per-scope", "5", "--max-scopes", "6", "--max-events", "7",
        "--max-store-chars", "99",
        "--today", "2027-03-04", "--real-clock", "--latency-ms", "8", "--fault-rate", "0.25",
        "--rate-limit", "100", "--force-status", "503", "--max-body-bytes", "999",
        "--cors-origin", "http://a.local", "--no-inspection", "--journal-size", "3",
        "--journal-max-bytes", "4096",
    )  # fmt: skip
    assert cli.settings_from_args(args, environ={}) == Settings(
        seed=9,
        api_keys=("k1", "k2"),
        org_id="o",
        project_id="p",
        user_email="e@x",
        memories_file=fixture,
        stateless=True,
        max_memories_per_scope=5,
        max_scopes=6,
        max_events=7,
        max_store_chars=99,
        today=datetime.date(2027, 3, 4),
        real_clock=True,
        latency_ms=8,
        fault_rate=0.25,
        rate_limit_per_minute=100,
        force_status=503,
        max_body_bytes=999,
        cors_origins=("http://a.local",),
        inspection=False,
        journal_size=3,
        journal_max_bytes=4096,
    )
    assert cli.settings_from_args(parse("--no-cors"), environ={}).cors_origins == ()


def test_keys_come_from_the_environment_when_no_flag_gives_them() -> None:
    assert cli.API_KEYS_ENV == "MEM0_MOCK_API_KEYS"
    environ = {cli.API_KEYS_ENV: "env-one, env-two,"}
    assert cli.settings_from_args(parse(), environ).api_keys == ("env-one", "env-two")
    assert cli.settings_from_args(parse("--api-key", "flag"), environ).api_keys == ("flag",)
    assert cli.settings_from_args(parse(), {cli.API_KEYS_ENV: " , "}) == Settings()


def help_sections() -> dict[str, str]:
    """`mem0-kit mock --help` by section title."""
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    sections = parser.format_help().split("\n\n")
    return {text.split(":", 1)[0]: text for text in sections}


@pytest.mark.parametrize(
    "option",
    [option for option in setting_options() if option.flag is not None],
    ids=lambda option: option.name,
)
def test_every_declared_setting_is_a_flag_in_its_section(option: Option) -> None:
    assert option.flag is not None
    assert option.flag.option in help_sections()[option.flag.group]
    assert hasattr(parse(), option.name)  # the flag's value is stored under the setting's name


def test_the_sections_come_in_the_order_of_the_declaration() -> None:
    titles = [option.flag.group for option in cli.command_options() if option.flag is not None]
    in_order = list(dict.fromkeys(titles))
    assert in_order == [
        "where it listens",
        "who may call it",
        "what it remembers",
        "how it misbehaves (for testing your error handling)",
        "for browsers and tests",
    ]
    shown = list(help_sections())
    assert [title for title in shown if title in in_order] == in_order


def test_settings_without_a_flag_are_left_at_their_default() -> None:
    flagless = [option.name for option in setting_options() if option.flag is None]
    assert flagless == ["memories"]
    assert cli.settings_from_args(parse(), environ={}).memories == ()


def test_the_docs_table_is_generated_from_the_declarations() -> None:
    docs = (ROOT / "docs" / "MOCK.md").read_text(encoding="utf-8")
    start = docs.find("| flag | setting | default | effect |")
    table = docs[start : docs.find("\n\n", start) + 1]
    assert table == cli.docs_table(), (
        "docs/MOCK.md's flags table is not the declared one; paste this one instead:\n"
        + cli.docs_table()
    )
    assert table.count("\n") == 2 + len(cli.command_options())


@pytest.mark.parametrize(
    "argv",
    [["--fault-rate", "2"], ["--today", "2026-02-30"], ["--port", "eighty"]],
    ids=["rate", "date", "port"],
)
def test_bad_flags_are_refused_by_the_parser(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse(*argv)


def run_cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mem0kit.cli", "mock", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_the_default_key_is_printed_in_full_for_newcomers() -> None:
    process = run_cli("--port", "0")
    try:
        assert process.stdout is not None
        assert "key: mock-key" in process.stdout.readline()
    finally:
        process.terminate()
        process.communicate(timeout=20)


def test_sigterm_stops_the_command_with_exit_0() -> None:
    process = run_cli("--port", "0")
    assert process.stdout is not None
    process.stdout.readline()
    process.terminate()
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("argv", "inspection"),
    [
        ([], True),
        (["--host", "localhost"], True),
        (["--host", "::1"], True),
        (["--host", "0.0.0.0"], False),
        (["--host", "192.168.1.20"], False),
        (["--host", "0.0.0.0", "--inspection"], True),
        (["--no-inspection"], False),
    ],
    ids=["default", "localhost", "ipv6-loopback", "all", "lan", "opt-in", "opt-out"],
)
def test_inspection_is_served_beyond_loopback_only_when_asked(
    argv: list[str], inspection: bool
) -> None:
    assert cli.settings_from_args(parse(*argv), environ={}).inspection is inspection


def test_the_command_serves_prints_its_url_and_key_and_never_logs_the_key() -> None:
    process = run_cli("--port", "0", "--api-key", "very-secret-key-1")
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, line
        assert "very****" in line
        assert "very-secret-key-1" not in line
        url = match.group(0)
        auth = {"Authorization": "Token very-secret-key-1"}
        assert httpx.get(f"{url}/v1/ping/", headers=auth).status_code == 200
        assert (
            httpx.get(f"{url}/v1/ping/", headers={"Authorization": "Token mock-key"}).status_code
            == 401
        )
    finally:
        process.terminate()
        rest, stderr = process.communicate(timeout=20)
    logs = rest + stderr  # uvicorn writes its access log to stdout
    assert "GET /v1/ping/ HTTP/1.1" in logs
    assert "very-secret-key-1" not in logs


def test_invalid_settings_exit_2_with_a_message(tmp_path: Path) -> None:
    process = run_cli("--port", "0", "--memories", str(tmp_path / "missing.json"))
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "missing.json" in stderr


def test_help_explains_the_mock_to_a_newcomer() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mem0kit.cli", "mock", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for words in ("MemoryClient", "Prefer: code=429", "--seed", "--api-key", "/_mock/journal"):
        assert words in result.stdout
