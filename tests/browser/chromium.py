"""Debian's headless Chromium as the browser tests run it: found on PATH, kept on loopback."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Marks a module's tests as browser tests, skipped (saying how to enable them) without Chromium.
BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="needs Debian's chromium: run scripts/install-system-deps"
    ),
]

# Headless, no sandbox (root in CI), nothing of Chromium's own traffic, and nothing but loopback:
# any other host name fails to resolve.
HEADLESS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)
