"""Fixtures for the mock's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mockserver import Settings, create_app


@pytest.fixture
def make_app() -> Callable[..., Any]:
    def make(**settings: Any) -> Any:
        return create_app(Settings.from_mapping(settings))

    return make


@pytest.fixture
def app() -> Any:
    return create_app(Settings())
