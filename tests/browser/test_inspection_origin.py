"""A page on another origin tries the inspection API in headless Chromium (Debian's chromium).

The page (served beside the mock from a second port of 127.0.0.1) reads `/_mock/journal` and
`/_mock/memories`, and tries to reset the mock three ways: a `text/plain` POST and a `no-cors`
fetch (simple requests a browser sends without asking), and a POST with `X-Mem0-Mock: 1` (which
needs a preflight). By default it can read nothing and reset nothing; with `--inspection-origin`
naming it, it can do both. A page whose name was rebound to 127.0.0.1 reaches `/_mock/` as the
same origin; Chromium with web security off stands in for that, and the `Host` check refuses it.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from mockserver import Settings, run_in_thread
from tests.browser.chromium import BROWSER, CHROMIUM, HEADLESS
from tests.local_http import page_server

pytestmark = BROWSER

AUTH = {"Authorization": "Token mock-key"}
MOCK = {"X-Mem0-Mock": "1"}

PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>another origin</title></head>
<body>
<p id="journal">waiting</p><p id="memories">waiting</p>
<p id="plain">waiting</p><p id="no-cors">waiting</p><p id="custom">waiting</p>
<script type="module">
const mock = new URLSearchParams(location.search).get("mock");
const show = (id, text) => { document.getElementById(id).textContent = text; };
async function attempt(id, url, init) {
  try {
    const response = await fetch(url, init);
    show(id, init && init.mode === "no-cors"
      ? `opaque ${response.type}`
      : `read ${response.status} ${(await response.text()).slice(0, 300)}`);
  } catch (error) {
    show(id, `failed: ${error}`);
  }
}
await attempt("journal", `${mock}/_mock/journal`);
await attempt("memories", `${mock}/_mock/memories`);
await attempt("plain", `${mock}/_mock/reset`,
  { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" });
await attempt("no-cors", `${mock}/_mock/reset`, { method: "POST", mode: "no-cors", body: "{}" });
await attempt("custom", `${mock}/_mock/reset`,
  { method: "POST", headers: { "X-Mem0-Mock": "1" }, body: "{}" });
</script>
</body></html>
"""


@pytest.fixture
def page_origin() -> Iterator[str]:
    with page_server(PAGE) as url:
        yield url


def _render(page_url: str, profile: Path, *extra: str) -> dict[str, str]:
    """What the page shows once its fetches settled: {element id: text}."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        *HEADLESS,
        *extra,
        f"--user-data-dir={profile}",
        "--virtual-time-budget=15000",
        "--dump-dom",
        page_url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"chromium exited {done.returncode}: {done.stderr[-2000:]}"
    found = re.findall(r'<p id="([a-z-]+)">(.*?)</p>', done.stdout, re.DOTALL)
    return {name: html.unescape(text).strip() for name, text in found}


def _remember(url: str) -> None:
    body = {"messages": [{"role": "user", "content": "I live in Berlin."}], "user_id": "alex"}
    assert httpx.post(f"{url}/v1/memories/", json=body, headers=AUTH).status_code == 200


def _memory_count(url: str) -> int:
    count: int = httpx.get(f"{url}/_mock/health").json()["memories"]
    return count


@pytest.mark.parametrize(
    "settings",
    [Settings(), Settings(cors_origins=())],
    ids=["cors-for-every-origin", "no-cors"],
)
def test_a_page_elsewhere_can_neither_read_nor_reset_the_mock(
    page_origin: str, tmp_path: Path, settings: Settings
) -> None:
    with run_in_thread(settings) as mock:
        _remember(mock.url)
        shown = _render(f"{page_origin}/?{urlencode({'mock': mock.url})}", tmp_path / "profile")
        left = _memory_count(mock.url)
        journal = httpx.get(f"{mock.url}/_mock/journal").json()["entries"]
        mock.check()

    assert shown["journal"] == "failed: TypeError: Failed to fetch", shown
    assert shown["memories"] == "failed: TypeError: Failed to fetch", shown
    assert shown["plain"] == "failed: TypeError: Failed to fetch", shown  # sent, answered 403
    assert shown["no-cors"] == "opaque opaque", shown  # sent, answered 403, unreadable
    assert shown["custom"] == "failed: TypeError: Failed to fetch", shown  # preflight refused
    assert left == 1  # nothing was reset
    assert [(e["method"], e["path"]) for e in journal] == [("POST", "/v1/memories/")]


def test_an_opted_in_origin_can_read_and_reset(page_origin: str, tmp_path: Path) -> None:
    with run_in_thread(Settings(inspection_origins=(page_origin,))) as mock:
        _remember(mock.url)
        shown = _render(f"{page_origin}/?{urlencode({'mock': mock.url})}", tmp_path / "profile")
        left = _memory_count(mock.url)
        mock.check()

    assert shown["journal"].startswith('read 200 {"entries":[{"seq":1,'), shown
    assert shown["memories"].startswith('read 200 {"memories":[{"id":'), shown
    assert "Lives in Berlin" in shown["memories"]
    # Even an allowed origin resets only with the header: the simple requests are refused.
    assert shown["plain"].startswith('read 403 {"error":"403 Forbidden"'), shown
    assert "X-Mem0-Mock" in shown["plain"]
    assert shown["custom"] == 'read 200 {"status":"reset"}', shown
    assert left == 0


def test_a_rebound_name_reaching_the_mock_is_refused_by_its_host(
    page_origin: str, tmp_path: Path
) -> None:
    # rebind.attacker.io resolves to 127.0.0.1; with web security off Chromium reads any answer, as
    # a rebound page reads its "own" origin's answers. Only the Host check stands in the way.
    with run_in_thread(Settings()) as mock:
        _remember(mock.url)
        port = mock.url.rsplit(":", 1)[1]
        page_port = page_origin.rsplit(":", 1)[1]
        extra = (
            "--host-resolver-rules=MAP rebind.attacker.io 127.0.0.1, MAP * ~NOTFOUND, "
            "EXCLUDE 127.0.0.1",
            "--disable-web-security",
        )
        page = f"http://rebind.attacker.io:{page_port}/?{urlencode({'mock': f'http://rebind.attacker.io:{port}'})}"
        shown = _render(page, tmp_path / "profile", *extra)
        left = _memory_count(mock.url)
        mock.check()

    for name in ("journal", "memories"):
        assert shown[name].startswith('read 403 {"error":"403 Forbidden"'), shown
        assert "rebind.attacker.io" in shown[name]
    assert shown["custom"].startswith("read 403"), shown
    assert left == 1
