"""A deterministic, stateful mock of Mem0's add-memories API, driven by openapi.yaml.

Example:
    >>> from mockserver import Settings, run_in_thread
    >>> with run_in_thread(Settings(seed=0)) as server:  # doctest: +SKIP
    ...     server.url  # POST {url}/v1/memories/ with "Authorization: Token mock-key"
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.errors import MockServerError
    from mockserver.http.app import MockApp, create_app
    from mockserver.server import MockServer, ServerThreadError, run_in_thread
    from mockserver.settings import DEFAULT_API_KEY, Settings, SettingsError
    from mockserver.state.fixtures import FixtureError

# Each public name is imported on first use (PEP 562), so importing a submodule, as `mem0-kit mock
# --help` does with mockserver.cli, does not load the app, the server and uvicorn with it.
_HOMES = {
    "DEFAULT_API_KEY": "mockserver.settings",
    "FixtureError": "mockserver.state.fixtures",
    "MockApp": "mockserver.http.app",
    "MockServer": "mockserver.server",
    "MockServerError": "mockserver.errors",
    "ServerThreadError": "mockserver.server",
    "Settings": "mockserver.settings",
    "SettingsError": "mockserver.settings",
    "create_app": "mockserver.http.app",
    "run_in_thread": "mockserver.server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'mockserver' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # once: later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = [
    "DEFAULT_API_KEY",
    "FixtureError",
    "MockApp",
    "MockServer",
    "MockServerError",
    "ServerThreadError",
    "Settings",
    "SettingsError",
    "create_app",
    "run_in_thread",
]
