from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mockserver import DEFAULT_API_KEY, MockServer, Settings, create_app, run_in_thread


@pytest.fixture
def mock_app() -> Any:
    return create_app(Settings(seed=0))


@pytest.fixture
def mock_server() -> Iterator[MockServer]:
    with run_in_thread(Settings(seed=0)) as server:
        yield server
        server.check()


@pytest.fixture
def mock_key() -> str:
    return DEFAULT_API_KEY
