"""A page from another origin calls the mock with fetch() in headless Chromium (Debian's chromium).

The page (tests/examples/browser_page.html, the README's fetch example) sends `Authorization` and a
JSON `Content-Type`, so Chromium must get a successful CORS preflight before the POST; it then
shows the ADD events and reads `X-RateLimit-Remaining`, which only an exposed header allows.
Chromium's own network log proves the OPTIONS preflight and that no TCP connection left loopback.
The same page against a mock with CORS off shows the browser's refusal, so the test can fail.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from mockserver import Settings, run_in_thread
from tests.browser.chromium import BROWSER, CHROMIUM, HEADLESS
from tests.local_http import page_server

PAGE = Path(__file__).resolve().parents[1] / "examples" / "browser_page.html"

pytestmark = BROWSER


@pytest.fixture
def page_origin() -> Iterator[str]:
    """The page's own origin: a second server on another port of 127.0.0.1."""
    with page_server(PAGE.read_bytes()) as url:
        yield url


def _render(page_url: str, profile: Path) -> str:
    """The page's DOM once its fetch settled (virtual time waits for pending network requests).

    Chromium's network log goes to `profile/net-log.json` (see `_network`).
    """
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        *HEADLESS,
        f"--user-data-dir={profile}",
        f"--log-net-log={profile / 'net-log.json'}",
        "--virtual-time-budget=15000",
        "--dump-dom",
        page_url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"chromium exited {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout


def _network(profile: Path) -> tuple[list[tuple[str, str]], set[str]]:
    """From Chromium's network log: the (method, url) of every request it started, and the remote
    address of every TCP connection it made."""
    log = json.loads((profile / "net-log.json").read_text(encoding="utf-8"))
    kinds = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    requests, remotes = [], set()
    for event in log["events"]:
        params, kind = event.get("params", {}), kinds.get(event["type"])
        if kind == "URL_REQUEST_START_JOB" and "method" in params:  # (its end event has none)
            requests.append((params["method"], params["url"]))
        if kind == "TCP_CONNECT" and "remote_address" in params:
            remotes.add(params["remote_address"].rsplit(":", 1)[0])
    return requests, remotes


def _text_of(dom: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</', dom, re.DOTALL)
    assert match is not None, f"no #{element_id} in the page:\n{dom}"
    return html.unescape(match.group(1)).strip()


def _events(dom: str) -> list[str]:
    block = re.search(r'<ul id="events">(.*?)</ul>', dom, re.DOTALL)
    assert block is not None, dom
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1))]


def test_page_on_another_origin_shows_the_add_events(page_origin: str, tmp_path: Path) -> None:
    settings = Settings(rate_limit_per_minute=1000)
    profile = tmp_path / "profile"
    with run_in_thread(settings) as mock:
        query = urlencode({"mock": mock.url, "key": settings.api_keys[0]})
        dom = _render(f"{page_origin}/?{query}", profile)
        journal = _journal(mock.url)
        mock.check()
    requests, remotes = _network(profile)

    to_mock = [method for method, url in requests if url.startswith(mock.url)]
    assert to_mock == ["OPTIONS", "POST"]  # the preflight, then the call it allowed
    assert remotes == {"127.0.0.1"}
    assert _text_of(dom, "status") == "done 200", dom
    assert _events(dom) == ["ADD Name is Alice", "ADD Is vegetarian", "ADD Lives in Berlin"]
    assert _text_of(dom, "rate-limit") == "X-RateLimit-Remaining: 999"
    posts = [entry for entry in journal if entry["method"] == "POST"]
    assert len(posts) == 1
    assert posts[0]["headers"].get("origin") == page_origin


def test_page_is_refused_when_cors_is_off(page_origin: str, tmp_path: Path) -> None:
    with run_in_thread(Settings(cors_origins=())) as mock:
        query = urlencode({"mock": mock.url, "key": "mock-key"})
        dom = _render(f"{page_origin}/?{query}", tmp_path / "profile")
        mock.check()

    assert _text_of(dom, "status") == "failed: TypeError: Failed to fetch"
    assert _events(dom) == []


def _journal(url: str) -> list[dict[str, object]]:
    import httpx

    entries: list[dict[str, object]] = httpx.get(f"{url}/_mock/journal").json()["entries"]
    return entries
