"""Mock servers for a pytest session: one per distinct marker configuration, started on first use.

Most tests use the default configuration and so share one server (reset before each test, as
pytest-httpserver does); a test marked with another seed, latency, fixture file or forced failure
gets a server of its own kind, which later tests with the same marker reuse. All of them stop, and
report what went wrong inside them, when the session ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mem0kit._plugin_config import MockConfig

if TYPE_CHECKING:
    from mockserver import MockServer, Settings


class ServerPool:
    """The session's mock servers, one per `MockConfig`."""

    def __init__(self) -> None:
        self._servers: dict[MockConfig, MockServer] = {}

    def get(self, config: MockConfig) -> MockServer:
        server = self._servers.get(config)
        if server is None:
            from mockserver import run_in_thread

            server = run_in_thread(self.settings(config))
            self._servers[config] = server
        return server

    def settings(self, config: MockConfig) -> Settings:
        """The mock's settings for a marker configuration (also used for the in-process app)."""
        from mockserver import Settings

        return Settings(**config.changes)

    def stop_all(self) -> None:
        """Stop every server; the first error any of them recorded is raised after all stopped."""
        first_error: BaseException | None = None
        for server in self._servers.values():
            try:
                server.stop()
            except BaseException as error:
                first_error = first_error or error
        self._servers.clear()
        if first_error is not None:
            raise first_error
