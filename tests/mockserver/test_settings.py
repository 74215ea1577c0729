"""Settings: defaults, loud failures that list the valid names, and the loose forms accepted."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from mockserver import Settings, SettingsError
from mockserver.settings import setting_options


def test_defaults() -> None:
    settings = Settings()
    assert settings.api_keys == ("mock-key",)
    assert settings.max_body_bytes == 1_048_576
    assert settings.current_date() == datetime.date(2026, 1, 1)


def test_unknown_settings_fail_listing_the_valid_ones() -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_mapping({"sed": 1, "latency": 5})
    message = str(raised.value)
    assert "latency, sed" in message
    assert "latency_ms" in message
    assert "seed" in message
    with pytest.raises(SettingsError, match="sed"):
        Settings().replace(sed=1)


def test_loose_forms_are_accepted_from_mappings(tmp_path: Path) -> None:
    settings = Settings.from_mapping(
        {
            "api_keys": "one-key",
            "cors_origins": ["http://a"],
            "memories_file": str(tmp_path / "m.json"),
            "today": "2030-05-06",
            "memories": [{"memory": "x", "user_id": "u"}],
        }
    )
    assert settings.api_keys == ("one-key",)
    assert settings.cors_origins == ("http://a",)
    assert settings.memories_file == tmp_path / "m.json"
    assert settings.today == datetime.date(2030, 5, 6)
    assert settings.memories == ({"memory": "x", "user_id": "u"},)
    assert Settings().replace(seed=3).seed == 3


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"seed": "1"}, "seed"),
        ({"api_keys": ()}, "api_keys"),
        ({"api_keys": ("has space",)}, "no spaces"),
        ({"org_id": ""}, "org_id"),
        ({"max_body_bytes": 0}, "max_body_bytes"),
        ({"latency_ms": -1}, "latency_ms"),
        ({"fault_rate": 1.5}, "fault_rate"),
        ({"fault_rate": float("nan")}, "fault_rate"),
        ({"rate_limit_per_minute": 0}, "rate_limit_per_minute"),
        ({"force_status": 200}, "force_status"),
        ({"max_scopes": True}, "max_scopes"),
        ({"cors_origins": ("",)}, "cors_origins"),
        ({"today": "tomorrow"}, "today"),
        ({"stateless": "yes"}, "stateless"),
        ({"memories": ("x",)}, "memories"),
    ],
    ids=lambda value: str(value) if isinstance(value, str) else None,
)
def test_out_of_range_settings_fail_naming_the_setting(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(SettingsError, match=words):
        Settings.from_mapping(changes)


def test_the_real_clock_uses_todays_date() -> None:
    assert Settings(real_clock=True).current_date() == datetime.date.today()


def test_settings_are_hashable_even_with_inline_memories() -> None:
    with_memories = Settings(memories=({"memory": "x", "user_id": "u", "metadata": {"a": 1}},))
    assert hash(with_memories) == hash(Settings())
    assert with_memories != Settings()
    assert {Settings(seed=1): "one"}[Settings(seed=1)] == "one"


def test_every_field_is_declared_once_with_its_default_and_docs() -> None:
    options = setting_options()
    assert [option.name for option in options] == list(Settings.field_names())
    for option in options:
        assert option.default == getattr(Settings(), option.name)
        assert option.docs, option.name
        assert option.env is None or isinstance(option.default, tuple)


@pytest.mark.parametrize(
    "option",
    [option for option in setting_options() if option.at_least is not None],
    ids=lambda option: option.name,
)
def test_declared_lower_bounds_are_enforced(option: Any) -> None:
    assert Settings.from_mapping({option.name: option.at_least}) is not None
    with pytest.raises(SettingsError, match=f"{option.name} must be an integer >= "):
        Settings.from_mapping({option.name: option.at_least - 1})
