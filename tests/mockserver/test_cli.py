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

from mockserver import Settings, SettingsError, cli
from mockserver.setting_options import Option
from mockserver.settings import setting_options

ROOT = Path(__file__).resolve().parents[2]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def test_defaults_are_the_settings_defaults_and_bind_to_localhost() -> None:
    args = cli.from_environment(parse(), environ={})
    assert (args.host, args.port, args.log_level) == ("127.0.0.1", 8000, "info")
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


# One valid, non-default value per flag, as an environment variable would carry it.
ENVIRONMENT = {
    "MEM0_MOCK_HOST": ("0.0.0.0", "host", "0.0.0.0"),
    "MEM0_MOCK_PORT": ("9123", "port", 9123),
    "MEM0_MOCK_API_KEYS": ("k1,k2", "api_keys", ["k1", "k2"]),
    "MEM0_MOCK_ORG_ID": ("o", "org_id", "o"),
    "MEM0_MOCK_PROJECT_ID": ("p", "project_id", "p"),
    "MEM0_MOCK_USER_EMAIL": ("e@x", "user_email", "e@x"),
    "MEM0_MOCK_SEED": ("9", "seed", 9),
    "MEM0_MOCK_MEMORIES": ("fixture.json", "memories_file", Path("fixture.json")),
    "MEM0_MOCK_STATELESS": ("true", "stateless", True),
    "MEM0_MOCK_MAX_MEMORIES_PER_SCOPE": ("5", "max_memories_per_scope", 5),
    "MEM0_MOCK_MAX_SCOPES": ("6", "max_scopes", 6),
    "MEM0_MOCK_MAX_EVENTS": ("7", "max_events", 7),
    "MEM0_MOCK_MAX_STORE_CHARS": ("99", "max_store_chars", 99),
    "MEM0_MOCK_TODAY": ("2027-03-04", "today", datetime.date(2027, 3, 4)),
    "MEM0_MOCK_REAL_CLOCK": ("1", "real_clock", True),
    "MEM0_MOCK_LATENCY_MS": ("8", "latency_ms", 8),
    "MEM0_MOCK_FAULT_RATE": ("0.25", "fault_rate", 0.25),
    "MEM0_MOCK_RATE_LIMIT": ("100", "rate_limit_per_minute", 100),
    "MEM0_MOCK_FORCE_STATUS": ("503", "force_status", 503),
    "MEM0_MOCK_MAX_BODY_BYTES": ("999", "max_body_bytes", 999),
    "MEM0_MOCK_MAX_ADD_CHECKS": ("5000", "max_add_checks", 5000),
    "MEM0_MOCK_MAX_HEAD_BYTES": ("2048", "max_head_bytes", 2048),
    "MEM0_MOCK_MAX_HEADERS": ("20", "max_headers", 20),
    "MEM0_MOCK_HEAD_TIMEOUT": ("3", "head_timeout_s", 3),
    "MEM0_MOCK_BODY_TIMEOUT": ("4", "body_timeout_s", 4),
    "MEM0_MOCK_MAX_CONNECTIONS": ("50", "max_connections", 50),
    "MEM0_MOCK_CORS_ORIGINS": ("http://a.local, http://b.local", "cors_origins",
                               ["http://a.local", "http://b.local"]),
    "MEM0_MOCK_NO_CORS": ("yes", "no_cors", True),
    "MEM0_MOCK_INSPECTION": ("0", "inspection", False),
    "MEM0_MOCK_INSPECTION_ORIGINS": ("http://localhost:5173", "inspection_origins",
                                     ["http://localhost:5173"]),
    "MEM0_MOCK_ALLOWED_HOSTS": ("devbox.corp, mock.lan", "allowed_hosts",
                                ["devbox.corp", "mock.lan"]),
    "MEM0_MOCK_JOURNAL_SIZE": ("3", "journal_size", 3),
    "MEM0_MOCK_JOURNAL_MAX_BYTES": ("4096", "journal_max_bytes", 4096),
    "MEM0_MOCK_LOG_LEVEL": ("debug", "log_level", "debug"),
}  # fmt: skip


def test_every_flag_has_an_environment_variable_listed_in_help() -> None:
    flagged = [option for option in cli.command_options() if option.flag is not None]
    assert sorted(cli.env_variable(option) for option in flagged) == sorted(ENVIRONMENT)
    text = " ".join(help_sections().values()).replace("\n", " ")
    for variable in ENVIRONMENT:
        assert f"${variable}" in text, variable


@pytest.mark.parametrize("variable", sorted(ENVIRONMENT))
def test_each_variable_sets_its_flag_when_the_command_line_does_not(variable: str) -> None:
    text, name, expected = ENVIRONMENT[variable]
    assert getattr(cli.from_environment(parse(), {variable: text}), name) == expected


def test_the_environment_reaches_the_settings_and_a_flag_wins_over_it() -> None:
    environ = {"MEM0_MOCK_SEED": "9", "MEM0_MOCK_STATELESS": "1", "MEM0_MOCK_PORT": "9000"}
    assert cli.settings_from_args(parse(), environ) == Settings(seed=9, stateless=True)
    args = cli.from_environment(parse("--seed", "3", "--port", "0"), environ)
    assert (args.seed, args.port, args.stateless) == (3, 0, True)
    assert cli.settings_from_args(parse(), {"MEM0_MOCK_NO_CORS": "1"}).cors_origins == ()
    assert cli.settings_from_args(parse(), {"MEM0_MOCK_SEED": "  "}) == Settings()


@pytest.mark.parametrize(
    ("variable", "text", "words"),
    [
        ("MEM0_MOCK_PORT", "eighty", "$MEM0_MOCK_PORT='eighty': must be a whole number."),
        ("MEM0_MOCK_STATELESS", "maybe", "$MEM0_MOCK_STATELESS='maybe' must be 1 or 0"),
        ("MEM0_MOCK_FAULT_RATE", "2", "$MEM0_MOCK_FAULT_RATE='2': must be between 0 and 1"),
        ("MEM0_MOCK_TODAY", "2026-02-30", "$MEM0_MOCK_TODAY='2026-02-30': not a date"),
        ("MEM0_MOCK_LOG_LEVEL", "loud", "$MEM0_MOCK_LOG_LEVEL='loud' must be one of critical"),
    ],
    ids=["int", "switch", "fraction", "date", "choice"],
)
def test_a_bad_variable_is_named_with_what_it_must_be(variable: str, text: str, words: str) -> None:
    with pytest.raises(SettingsError) as refused:
        cli.from_environment(parse(), {variable: text})
    assert str(refused.value).startswith(words)


def test_the_command_exits_2_naming_a_bad_variable() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mem0kit.cli", "mock"],
        env={**os.environ, "MEM0_MOCK_MAX_SCOPES": "lots"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "mem0-kit mock: $MEM0_MOCK_MAX_SCOPES='lots': must be a whole number.\n"


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
    start = docs.find("| flag | variable | setting | default | effect |")
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


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        ([], ()),
        (["--host", "0.0.0.0"], ()),
        (["--host", "devbox.corp.com"], ("devbox.corp.com",)),
        (["--host", "devbox.corp.com", "--allowed-host", "devbox.corp.com"], ("devbox.corp.com",)),
        (["--host", "devbox.corp.com", "--allowed-host", "ui.corp.com"],
         ("ui.corp.com", "devbox.corp.com")),
    ],
    ids=["default", "all", "named", "named-twice", "named-and-another"],
)  # fmt: skip
def test_inspection_answers_the_name_the_mock_was_bound_under(
    argv: list[str], allowed: tuple[str, ...]
) -> None:
    assert cli.settings_from_args(parse(*argv), environ={}).allowed_hosts == allowed


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
