"""Shared by the plugin's pytester tests."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _import_once() -> None:
    """Import, once and in this process, what the inner pytester sessions import lazily.

    pytester's in-process runs drop the modules an inner run imported first; the next run imports
    them again beside copies still referenced elsewhere (httpx maps httpcore's exceptions by class,
    YAML loaders and openapi-core handlers are registered by class), which breaks them. Imported
    here first, they survive every inner run.
    """
    os.environ.setdefault("MEM0_TELEMETRY", "False")
    import httpcore  # noqa: F401  (httpx imports it on first use only)
    import mem0  # noqa: F401

    from mockserver import Settings, create_app

    create_app(Settings())
