"""A deterministic, stateful mock of Mem0's add-memories API, driven by openapi.yaml.

Example:
    >>> from mockserver import Settings, run_in_thread
    >>> with run_in_thread(Settings(seed=0)) as server:  # doctest: +SKIP
    ...     server.url  # POST {url}/v1/memories/ with "Authorization: Token mock-key"
"""

from mockserver.errors import MockServerError
from mockserver.http.app import MockApp, create_app
from mockserver.server import MockServer, ServerThreadError, run_in_thread
from mockserver.settings import DEFAULT_API_KEY, Settings, SettingsError
from mockserver.state.fixtures import FixtureError

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
