"""The package's exceptions.

    MockServerError            base of everything this package raises on purpose
    ├── SettingsError          (settings.py) an unknown or out-of-range setting
    ├── FixtureError           (state/fixtures.py) a memories fixture that cannot be loaded
    └── ServerThreadError      (server.py) the server thread could not start or stop

A request the mock refuses is never an exception that escapes: it is answered with the contract's
error envelope (`mockserver/http/envelope.py`).
"""

from __future__ import annotations

__all__ = ["MockServerError"]


class MockServerError(Exception):
    """Base class of the mock's own exceptions."""
