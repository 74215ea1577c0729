"""The journal page at /_mock/ in headless Chromium (Debian's chromium), against a real mock.

The first test loads the page once it has something to show (a valid add with facts, a 400, a
401, a queued add, an add of markup-like text) and reads the rendered DOM and a screenshot, as a
person would see them. The second drives the page over the DevTools protocol (on a pipe, so no
port and no client library): it clicks a row for the detail view and clicks the reset button,
and Chromium's own network events show the exact request the button sent.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import html
import json
import os
import re
import select
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver import Settings, run_in_thread
from tests.browser.chromium import BROWSER, CHROMIUM, HEADLESS

AUTH = {"Authorization": "Token mock-key"}
MARKUP = "<img src=x onerror=\"document.title='escaped badly'\"> & more"

pytestmark = BROWSER

_FLAGS = [*HEADLESS, "--window-size=1280,900"]


def _send_requests(url: str) -> None:
    """Five journal entries: an add with facts, a 400, a 401, a queued add, markup as a memory."""

    def add(body: dict[str, Any], headers: dict[str, str] = AUTH) -> int:
        return httpx.post(f"{url}/v1/memories/", json=body, headers=headers).status_code

    said = [{"role": "user", "content": "Hi, I'm Alex. I live in Berlin."}]
    assert add({"messages": said, "user_id": "alex"}) == 200
    assert add({"user_id": "alex"}) == 400  # no messages
    assert add({"messages": said, "user_id": "alex"}, headers={}) == 401
    queued = {"messages": [{"role": "user", "content": "I love sushi"}], "async_mode": True}
    assert add({**queued, "user_id": "sam", "agent_id": "bot", "output_format": "v1.1"}) == 200
    markup = [{"role": "user", "content": MARKUP}]
    assert add({"messages": markup, "agent_id": "bot", "infer": False}) == 200


def _journal(url: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = httpx.get(f"{url}/_mock/journal").json()["entries"]
    return entries


def _text(fragment: str) -> str:
    fragment = fragment.replace("<wbr>", "")  # where a path may wrap: not text
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _rows(dom: str) -> list[dict[str, str]]:
    """The requests table as rendered, top to bottom: one {column class: text} per row."""
    table = re.search(r'<tbody id="rows">(.*?)</tbody>', dom, re.DOTALL)
    assert table is not None, dom
    return [
        {
            cls.split()[0]: _text(cell)
            for cls, cell in re.findall(r'<td class="([^"]*)">(.*?)</td>', row)
        }
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.DOTALL)
    ]


def _scopes(dom: str) -> list[str]:
    """The memories panel as rendered: the text of each scope's group, top to bottom."""
    panel = re.search(r'<div id="scopes">(.*)</section>', dom, re.DOTALL)
    assert panel is not None, dom
    return [_text(group) for group in re.findall(r'<div class="scope">(.*?)</ul>', panel.group(1))]


def _distinct_rows(png: bytes) -> tuple[int, int, int]:
    """(width, height, distinct scanlines) of an 8-bit PNG. A blank image has at most five
    distinct scanlines however it was filtered; anything drawn makes many more."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, data, width, height, channels = 8, b"", 0, 0, 0
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        chunk = png[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            data += chunk
        offset += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + width * channels
    assert len(raw) == stride * height
    return width, height, len({raw[i : i + stride] for i in range(0, len(raw), stride)})


def test_the_page_shows_requests_newest_first_with_events_and_memories_by_scope(
    tmp_path: Path,
) -> None:
    assert CHROMIUM is not None
    shot = tmp_path / "journal-page.png"
    with run_in_thread(Settings()) as mock:
        _send_requests(mock.url)
        command = [
            CHROMIUM,
            *_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            # Virtual time runs the page's polls and waits for their fetches before the dump.
            "--virtual-time-budget=3000",
            f"--screenshot={shot}",
            "--dump-dom",
            f"{mock.url}/_mock/",
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        journal = _journal(mock.url)
        mock.check()
    assert done.returncode == 0, f"chromium exited {done.returncode}: {done.stderr[-2000:]}"
    dom = done.stdout

    rows = _rows(dom)
    assert [row["seq"] for row in rows] == ["5", "4", "3", "2", "1"]
    assert [row["status"] for row in rows] == ["200", "200", "401", "400", "200"]
    assert {row["path"] for row in rows} == {"/v1/memories/"}
    assert {row["operation"] for row in rows} == {"addMemories"}  # from openapi.yaml
    newest, queued, unauthorized, invalid, first = rows
    assert first["scope"] == "user_id=alex"
    assert first["events"] == "ADD Name is Alex ADD Lives in Berlin"
    assert invalid["events"] == "messages: is required."
    assert "Authorization" in unauthorized["events"]
    assert queued["scope"] == "user_id=sam agent_id=bot"
    assert queued["events"] == f"QUEUED {journal[3]['response']['results'][0]['event_id']}"
    assert newest["events"] == f"ADD {MARKUP}"
    # The markup is text in the DOM: no element was made of it, so no handler ran.
    assert "<img" not in dom
    assert "escaped badly" not in re.search(r"<title>(.*?)</title>", dom).group(1)  # type: ignore[union-attr]

    scopes = _scopes(dom)
    assert scopes[0].startswith("user_id=alex org_mock / proj_mock Name is Alex")
    assert "Lives in Berlin" in scopes[0]
    assert scopes[1].startswith("user_id=sam agent_id=bot")  # the queued add, done by now
    assert scopes[2].startswith("agent_id=bot org_mock / proj_mock")
    assert MARKUP in scopes[2]

    # The page's own polling (and its favicon) left no trace in the journal it shows.
    assert [entry["seq"] for entry in journal] == [1, 2, 3, 4, 5]

    width, height, distinct = _distinct_rows(shot.read_bytes())
    assert (width, height) == (1280, 900)
    assert distinct > 100


class _DevTools:
    """Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
    JSON messages ended by a NUL byte, read by the browser from its fd 3, answered on its fd 4."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        browser_reads, self._writer = os.pipe()
        self._reader, browser_writes = os.pipe()
        # A small launcher puts the browser's ends at fds 3 and 4 (preexec_fn is unsafe beside
        # the mock's threads); first they move above 9, so neither already is fd 3 or 4.
        browser_reads, browser_writes = _above_nine(browser_reads), _above_nine(browser_writes)
        wiring = (
            "import os, sys; "
            f"os.dup2({browser_reads}, 3); os.dup2({browser_writes}, 4); "
            "os.execv(sys.argv[1], sys.argv[1:])"
        )
        command = [CHROMIUM, *_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"]
        self._process = subprocess.Popen(
            [sys.executable, "-c", wiring, *command, "about:blank"],
            pass_fds=(browser_reads, browser_writes),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(browser_reads)
        os.close(browser_writes)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict[str, Any]] = []
        self._session = ""

    def open_tab(self) -> None:
        """One 1280x900 tab, its network events recorded; later `session=True` calls go to it."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Network.enable", session=True)
        metrics = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
        self.send("Emulation.setDeviceMetricsOverride", session=True, **metrics)

    def send(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._writer, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") != self._last_id:
                self.events.append(answer)
                continue
            assert "error" not in answer, f"{method}: {answer['error']}"
            result: dict[str, Any] = answer["result"]
            return result

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + 30
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._reader], [], [], deadline - time.monotonic())
            assert ready, "chromium did not answer within 30 s"
            chunk = os.read(self._reader, 1 << 16)
            assert chunk, "chromium closed its DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)  # fmt: skip
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> Any:
        """The expression's value once it is truthy (the page polls every second)."""
        deadline = time.monotonic() + timeout
        while not (value := self.evaluate(expression)):
            assert time.monotonic() < deadline, f"never true: {expression}"
            time.sleep(0.1)
        return value

    def requests(self) -> list[dict[str, Any]]:
        """Every request the page sent so far (`Network.requestWillBeSent`), oldest first."""
        return [
            event["params"]["request"]
            for event in self.events
            if event.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        with contextlib.suppress(AssertionError):  # it may close the pipe before it answers
            self.send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._writer)
        os.close(self._reader)


def _above_nine(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[_DevTools]:
    devtools = _DevTools(tmp_path / "profile")
    try:
        devtools.open_tab()
        yield devtools
    finally:
        devtools.close()


def test_a_click_shows_a_request_and_the_reset_button_starts_over(
    browser: _DevTools, tmp_path: Path
) -> None:
    with run_in_thread(Settings()) as mock:
        _send_requests(mock.url)
        browser.send("Page.navigate", session=True, url=f"{mock.url}/_mock/")
        browser.wait_for("document.querySelectorAll('#rows tr').length === 5")

        browser.evaluate("document.querySelector('#rows tr[data-seq=\"1\"]').click()")
        detail = browser.wait_for("document.getElementById('detail-body').innerText")
        shot = browser.send("Page.captureScreenshot", session=True, format="png")
        (tmp_path / "journal-page-detail.png").write_bytes(base64.b64decode(shot["data"]))
        assert "Token mock****" in detail  # the headers as journaled, the key masked
        assert "mock-key" not in detail
        assert '"content": "Hi, I\'m Alex. I live in Berlin."' in detail  # pretty-printed
        assert '"memory": "Lives in Berlin"' in detail
        assert browser.evaluate("document.querySelector('tr.selected').dataset.seq") == "1"

        browser.evaluate("document.getElementById('reset').click()")
        browser.wait_for("document.querySelectorAll('#rows tr').length === 0")
        browser.wait_for("document.getElementById('scopes').innerText === 'No memories.'")
        journal = _journal(mock.url)
        memories = httpx.get(f"{mock.url}/_mock/memories").json()["memories"]
        mock.check()

    assert journal == []
    assert memories == []
    assert "Click a request" in browser.evaluate("document.getElementById('detail-body').innerText")
    (reset,) = [r for r in browser.requests() if r["url"].endswith("/_mock/reset")]
    assert reset["url"] == f"{mock.url}/_mock/reset"
    assert reset["method"] == "POST"
    headers = {name.lower(): value for name, value in reset["headers"].items()}
    assert headers["content-type"] == "application/json"
    assert headers["x-mem0-mock"] == "1"
