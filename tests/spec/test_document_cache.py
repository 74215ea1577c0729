"""load_spec reads openapi.yaml through a JSON copy keyed by the file's hash: the same tree as
parsing the YAML, whether the copy is missing, corrupt or cannot be written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from mem0spec import SPEC_PATH

_LOAD = "import json, sys; from mem0spec import load_spec; json.dump(load_spec(), sys.stdout)"


def _load(cache_home: Path, code: str = _LOAD) -> Any:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def _parsed_yaml() -> Any:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def test_a_first_load_parses_the_yaml_and_leaves_one_copy(tmp_path: Path) -> None:
    assert _load(tmp_path) == _parsed_yaml()
    copies = list((tmp_path / "mem0-contract-kit").iterdir())
    assert len(copies) == 1
    assert json.loads(copies[0].read_text(encoding="utf-8")) == _parsed_yaml()
    assert _load(tmp_path) == _parsed_yaml()  # now from the copy


def test_a_corrupt_copy_is_parsed_afresh_and_replaced(tmp_path: Path) -> None:
    _load(tmp_path)
    (copy,) = (tmp_path / "mem0-contract-kit").iterdir()
    copy.write_text('{"openapi": "3.1.0", "paths": {', encoding="utf-8")
    assert _load(tmp_path) == _parsed_yaml()
    assert json.loads(copy.read_text(encoding="utf-8")) == _parsed_yaml()


def test_an_unwritable_cache_costs_nothing_but_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("", encoding="utf-8")  # the cache dir's parent is a file: mkdir fails
    assert _load(blocked) == _parsed_yaml()


_MUTATE = (
    "import json, sys; from mem0spec import load_spec\n"
    "first = load_spec(); first['paths'].clear(); first['info']['title'] = 'changed'\n"
    "json.dump(load_spec(), sys.stdout)"
)


def test_each_load_is_a_copy_its_caller_may_change(tmp_path: Path) -> None:
    assert _load(tmp_path, _MUTATE) == _parsed_yaml()  # no copy yet: the YAML parsed
    assert _load(tmp_path, _MUTATE) == _parsed_yaml()  # from the JSON copy the first run left
