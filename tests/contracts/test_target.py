from __future__ import annotations

from typing import Any

import pytest

from contracts import ConfigurationError, Target


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"base_url": "localhost:8000"}, "is not an http(s) URL"),
        ({"api_key": ""}, "API key is empty"),
        ({"profile": "deep"}, "choose one of: default, quick, thorough"),
        ({"event_wait": 0}, "event_wait must be positive seconds, not 0"),
    ],
    ids=["no-scheme", "empty-key", "unknown-profile", "no-event-wait"],
)
def test_target_refuses_bad_settings(kwargs: dict[str, Any], words: str) -> None:
    settings = {"base_url": "http://127.0.0.1:8000", "api_key": "k", **kwargs}
    with pytest.raises(ConfigurationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Target(**settings)


def test_target_keeps_a_path_prefix() -> None:
    assert Target("http://h:1/mem0/", "k").url("/v1/ping/") == "http://h:1/mem0/v1/ping/"
