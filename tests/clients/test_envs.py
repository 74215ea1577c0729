"""The client environments' machinery (tests/clients/envs.py) without installing anything, and
the pins it installs from."""

from __future__ import annotations

import json
import re
import threading
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.clients import envs


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """envs.py pointed at a scratch repository: its own cache and requirements folder."""
    (tmp_path / "tests" / "clients" / "requirements").mkdir(parents=True)
    monkeypatch.setattr(envs, "ROOT", tmp_path)
    monkeypatch.setattr(envs, "HERE", tmp_path / "tests" / "clients")
    monkeypatch.setattr(envs, "CACHE", tmp_path / ".cache" / "client-envs")
    env = envs.ClientEnv("demo-1.0", "python", "demo", "1.0")
    monkeypatch.setitem(envs.ENVS, env.name, env)
    env.inputs[0].write_text("demo==1.0\n")
    return tmp_path


def _fake_build(calls: list[str], delay_s: float = 0.0) -> Callable[[envs.ClientEnv], None]:
    def build(env: envs.ClientEnv) -> None:
        calls.append(env.name)
        time.sleep(delay_s)
        env.location.mkdir(parents=True, exist_ok=True)
        (env.location / envs.KEY_FILE).write_text(env.key())

    return build


def test_an_env_is_built_once_then_reused(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(envs, "_build", _fake_build(calls))

    envs.ensure("demo-1.0")
    envs.ensure("demo-1.0")

    assert calls == ["demo-1.0"]
    assert envs.ENVS["demo-1.0"].ready()


def test_a_changed_requirements_file_rebuilds_the_env(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(envs, "_build", _fake_build(calls))
    envs.ensure("demo-1.0")
    env = envs.ENVS["demo-1.0"]
    before = env.key()

    env.inputs[0].write_text("demo==1.0\nextra==2\n")

    assert env.key() != before and not env.ready()
    envs.ensure("demo-1.0")
    assert calls == ["demo-1.0", "demo-1.0"]


def test_an_interrupted_build_is_not_taken_for_a_finished_one(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = envs.ENVS["demo-1.0"]
    env.location.mkdir(parents=True)  # a half-made venv: no key written
    calls: list[str] = []
    monkeypatch.setattr(envs, "_build", _fake_build(calls))

    assert not env.ready()
    envs.ensure("demo-1.0")
    assert calls == ["demo-1.0"]


def test_concurrent_callers_wait_for_one_build(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # flock locks belong to each open file, so threads contend for it as xdist workers do.
    calls: list[str] = []
    monkeypatch.setattr(envs, "_build", _fake_build(calls, delay_s=0.3))
    errors: list[BaseException] = []

    def call() -> None:
        try:
            envs.ensure("demo-1.0")
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert calls == ["demo-1.0"]


def test_a_failed_install_says_which_install_failed(scratch: Path) -> None:
    log = scratch / "demo-1.0.log"
    log.write_text("")

    with pytest.raises(envs.EnvError) as raised:
        envs._run(
            ["sh", "-c", "echo 'ERROR: No matching distribution found for demo==1.0'; exit 1"],
            log,
            "pip install -r tests/clients/requirements/demo-1.0.txt",
        )

    message = str(raised.value)
    assert message.startswith(
        "pip install -r tests/clients/requirements/demo-1.0.txt failed (exit 1), so the demo-1.0 "
        "client environment was not built"
    )
    assert "No matching distribution found" in message  # the end of pip's own output


def test_without_node_the_npm_client_env_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)

    with pytest.raises(envs.NodeMissing, match="node and npm are not both on PATH"):
        envs.ensure("mem0ai-js-3.3.1")


# --- the pins ---------------------------------------------------------------------------------

PYTHON_ENVS = [env for env in envs.ENVS.values() if env.kind == "python"]


@pytest.mark.parametrize("env", PYTHON_ENVS, ids=[env.name for env in PYTHON_ENVS])
def test_every_distribution_of_a_python_env_is_pinned(env: envs.ClientEnv) -> None:
    lines = [
        line
        for line in env.inputs[0].read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    unpinned = [line for line in lines if not re.fullmatch(r"[A-Za-z0-9_.\-]+==[\w.]+", line)]
    assert not unpinned
    assert f"{env.package}=={env.version}" in lines


def test_the_kit_s_clients_extra_pins_the_same_mem0ai_as_its_env() -> None:
    pyproject = tomllib.loads((envs.ROOT / "pyproject.toml").read_text())
    (pin,) = pyproject["project"]["optional-dependencies"]["clients"]
    env = envs.ENVS["mem0ai-" + pin.removeprefix("mem0ai==")]
    assert pin in env.inputs[0].read_text().splitlines()


def test_the_npm_client_is_pinned_by_package_json_and_its_lockfile() -> None:
    env = envs.ENVS["mem0ai-js-3.3.1"]
    manifest = json.loads((envs.JS_DIR / "package.json").read_text())
    lock = json.loads((envs.JS_DIR / "package-lock.json").read_text())

    assert manifest["dependencies"] == {env.package: env.version}
    assert lock["packages"][""]["dependencies"] == {env.package: env.version}
    assert lock["packages"][f"node_modules/{env.package}"]["version"] == env.version
    # no registry host in the committed lockfile, only names, versions and integrity hashes
    assert not any("resolved" in entry for entry in lock["packages"].values())
