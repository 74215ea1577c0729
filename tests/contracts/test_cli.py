"""`mem0-kit verify` over real HTTP: verdicts, exit codes, JUnit, one-sentence could-not-run."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from contracts import Target, plan
from contracts.profiles import PROFILES
from mem0kit.cli import main
from mockserver import MockServer
from tests.contracts.serving import serve


def test_verify_passes_the_mock_over_http(
    mock_server: MockServer, mock_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The whole plan over a real socket; quick, as the default profile's depth against the mock
    # is test_runner's.
    junit = tmp_path / "verify.xml"
    argv = ["verify", "--base-url", mock_server.url, "--api-key", mock_key, "--seed", "2"]
    code = main([*argv, "--profile", "quick", "--junit-xml", str(junit)])
    out, err = capsys.readouterr()
    assert code == 0, out
    assert out.rstrip().endswith("CONFORMS: no violations found")
    assert "not exercised" not in out
    checks = plan(Target(mock_server.url, mock_key))
    total = len(checks)
    assert f"[{total}/{total}] event-lookup: pass" in err
    # Checks ran eight at a time; the report keeps plan order.
    rows = [
        line.split("  ")[0]
        for line in out.splitlines()
        if line.split("  ")[0] in report_ids(checks)
    ]
    assert rows == [c.id for c in checks]
    suite = ET.parse(junit).getroot()
    counts = (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped"))
    assert counts == (str(total), "0", "0", "0")


def report_ids(checks: list[Any]) -> set[str]:
    return {c.id for c in checks}


def test_verify_runs_one_check_named_in_full_and_not_its_longer_namesakes(
    mock_server: MockServer, mock_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # `schema:POST /v1/memories/` names the add alone, not also `.../memories/search/`.
    argv = ["verify", "--base-url", mock_server.url, "--api-key", mock_key, "--quiet"]
    assert main([*argv, "--profile", "quick", "--check", "schema:POST /v1/memories/"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("schema:")]
    assert len(rows) == 1
    assert rows[0].startswith("schema:POST /v1/memories/ ")


def test_verify_names_only_the_selected_checks(
    mock_server: MockServer, mock_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["verify", "--base-url", mock_server.url, "--api-key", mock_key, "--check", "rule-7"]
    assert main([*argv, "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "rule-7-auth" in out
    assert "rule-6-validation" not in out


def _could_not_run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["verify", *argv, "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "Traceback" not in err
    return lines[0]


def test_a_wrong_key_exits_2(mock_server: MockServer, capsys: pytest.CaptureFixture[str]) -> None:
    line = _could_not_run(["--base-url", mock_server.url, "--api-key", "nope"], capsys)
    assert line == (
        "mem0-kit verify: could not run: the server refused the API key: "
        "GET /v1/ping/ answered 401; check --api-key."
    )


def test_an_unreachable_url_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    line = _could_not_run(["--base-url", "http://127.0.0.1:1", "--api-key", "k"], capsys)
    assert line.startswith(
        "mem0-kit verify: could not run: cannot reach http://127.0.0.1:1/v1/ping/"
    )


def test_a_server_that_is_not_mem0_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    app = Starlette(routes=[Route("/{p:path}", lambda r: HTMLResponse("<h1>Shop</h1>"))])
    with serve(app) as url:
        line = _could_not_run(["--base-url", url, "--api-key", "k"], capsys)
    assert line == (
        f"mem0-kit verify: could not run: {url}/v1/ping/ does not look like a Mem0 server: "
        "GET /v1/ping/ answered 200 (text/html) instead of a JSON object."
    )


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--base-url", "example.com", "--api-key", "k"], "is not an http(s) URL"),
        (["--base-url", "http://h", "--api-key", "k", "--profile", "x"], "unknown profile 'x'"),
        (["--base-url", "http://h", "--api-key", "k", "--check", "nope"], "no check id starts"),
    ],
    ids=["url", "profile", "check"],
)
def test_bad_arguments_exit_2(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert words in _could_not_run(argv, capsys)


def test_a_missing_key_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MEM0_API_KEY", raising=False)
    assert "no API key" in _could_not_run(["--base-url", "http://h"], capsys)


@contextlib.contextmanager
def _mock_process() -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`mem0-kit mock` as its own process (so it can be killed), and its URL."""
    command = [str(Path(sys.executable).parent / "mem0-kit"), "mock", "--port", "0", "--seed", "1"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        url = re.search(r"http://127\.0\.0\.1:\d+", process.stdout.readline())
        assert url is not None
        # Read what it goes on writing, or it blocks once the pipe is full.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield process, url.group(0)
    finally:
        process.kill()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def test_a_target_killed_mid_run_ends_with_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with _mock_process() as (process, url):
        threading.Timer(6.0, process.kill).start()
        code = main(
            ["verify", "--base-url", url, "--api-key", "mock-key", "--profile", "quick", "--quiet"]
        )
    out, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    sentence = re.fullmatch(
        r"mem0-kit verify: could not run: the server stopped answering during (.+), "
        r"(\d+\.\d) s into the run \((\w+)[^)]*\)",
        lines[0],
    )
    assert sentence is not None, lines[0]
    assert "could not complete: the server stopped answering" in out
    assert "not run: the server stopped answering" in out


def test_the_json_report_and_the_level_that_gates_the_exit_code(
    mock_server: MockServer, mock_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.json"
    argv = ["verify", "--base-url", mock_server.url, "--api-key", mock_key, "--quiet"]
    code = main(
        [
            *argv,
            "--check",
            "ping",
            "--check",
            "rule-7",
            "--level",
            "strict",
            "--report-json",
            str(path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"mem0-kit verify {mock_server.url}  (level strict, profile default")
    report = json.loads(path.read_text())
    assert report["schema"] == "mem0-kit-verify-report/1"
    assert (report["level"], report["exit_code"], report["findings"]) == ("strict", 0, [])
    assert report["levels"] == {
        level: {"conforms": True, "findings": 0}
        for level in ("works-with-clients", "documented", "strict")
    }
    assert [(c["id"], c["status"]) for c in report["checks"]] == [
        ("ping", "pass"),
        ("rule-7-auth", "pass"),
    ]
    assert report["checks"][1]["cases"] == 24


def test_an_unknown_level_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    line = _could_not_run(["--base-url", "http://h", "--api-key", "k", "--level", "loose"], capsys)
    assert "unknown level 'loose'; choose one of: works-with-clients, documented, strict" in line


def test_the_event_timeout_reaches_the_target(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--base-url", "http://h", "--api-key", "k", "--event-timeout", "0"]
    assert "event_wait must be positive seconds, not 0.0" in _could_not_run(argv, capsys)


def test_a_budget_ends_the_run_cleanly_with_what_was_checked(
    mock_server: MockServer, mock_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["verify", "--base-url", mock_server.url, "--api-key", mock_key, "--quiet"]
    code = main([*argv, "--profile", "quick", "--max-seconds", "2", "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 0, out
    rows = [line.split()[0] for line in out.splitlines() if "  not run: budget  " in line]
    assert rows and rows[-1] == "event-lookup"
    assert re.search(r"^ping +pass", out, re.MULTILINE)
    assert out.rstrip().endswith("check(s) not run: budget")


def test_a_budget_stops_a_rule_search_that_is_running(
    mock_server: MockServer, mock_key: str, tmp_path: Path
) -> None:
    argv = ["verify", "--base-url", mock_server.url, "--api-key", mock_key, "--quiet"]
    argv += ["--check", "rule-4", "--max-seconds", "3", "--report-json", str(tmp_path / "r.json")]
    assert main([*argv, "--profile", "thorough"]) == 0
    (rule,) = json.loads((tmp_path / "r.json").read_text())["checks"]
    assert rule["status"] == "pass"
    played = re.search(r"stopped: budget, after (\d+) sequences", rule["note"])
    assert played is not None, rule
    # thorough draws 300 sequences for it (minutes against the mock); the budget ended it early
    assert int(played.group(1)) < PROFILES["thorough"].rule_examples
