"""The live progress line: on a terminal only, rewritten in place, cleared before other lines."""

from __future__ import annotations

import io

import pytest

from contracts import CheckResult, Target, plan
from contracts.progress import LiveLine, wanted
from mem0kit.cli import main
from mockserver import MockServer


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_names_each_running_check_its_cases_and_rate() -> None:
    stream = Terminal()
    (check,) = [c for c in plan(Target("http://127.0.0.1:1", "k")) if c.id == "rule-6-validation"]
    check.context.sent["rule-6-validation"] = 40
    live = LiveLine(stream)
    live.tick([(check, CheckResult("rule-6-validation", cases=12))], 3, 30)
    live.say("[3/30] rule-6-validation: pass, 84 cases, 0.9 s")
    text = stream.getvalue()
    assert text.startswith("\r[3/30] rule-6-validation: 12 cases, 40 requests, 0/s")
    # The live line is blanked before a whole line is printed, which then stands alone.
    blank_then_line = "        \r[3/30] rule-6-validation: pass, 84 cases, 0.9 s\n"
    assert text.endswith(blank_then_line)


def test_only_a_terminal_gets_the_live_line() -> None:
    assert wanted(Terminal())
    assert not wanted(io.StringIO())


def test_verify_on_a_terminal_shows_the_live_line(
    mock_server: MockServer, mock_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    argv = ["verify", "--base-url", mock_server.url, "--api-key", mock_key, "--check", "rule-6"]
    assert main(argv) == 0
    text = terminal.getvalue()
    assert "\r[1/1] rule-6-validation: " in text
    assert " requests, " in text
    assert "rule-6-validation: pass" in text
