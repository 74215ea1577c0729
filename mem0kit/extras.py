"""The distribution's extras, and the one sentence a feature says when its extra is missing.

`pip install mem0-contract-kit` is what the mock and the `mem0-kit` command need; each extra adds
one use: `[verify]` the contract suites, `[pytest]` the plugin's fixtures and contract items,
`[clients]` the official client behind `mem0_client` (pyproject.toml declares their
distributions). A feature tries the modules its extra brings before it starts, so a user without
them reads what to install instead of a traceback:

    mem0-kit verify: needs the [verify] extra (no module named 'schemathesis'):
    pip install 'mem0-contract-kit[verify]'

(one line). Standard library only: the pytest plugin imports this while pytest starts.
"""

from __future__ import annotations

import importlib
import importlib.util

__all__ = ["DISTRIBUTION", "EXTRA_MODULES", "install_command", "missing_extra"]

DISTRIBUTION = "mem0-contract-kit"

# extra -> the top-level modules its uses import, as named in code (`mem0` is mem0ai's);
# tests/spec/test_packaging.py checks each against the extra's distributions in pyproject.toml.
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "verify": ("schemathesis", "hypothesis", "httpx", "requests"),
    "pytest": ("pytest", "httpx"),
    "clients": ("mem0",),
}


def install_command(extra: str) -> str:
    """The command that installs `extra`, quoted for a POSIX shell (brackets are glob patterns)."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def missing_extra(feature: str, extra: str, *, imported: bool = True) -> str | None:
    """The sentence `feature` says when a module of `extra` cannot be imported; None when all can.

    Imports them for real (a feature that passes this is about to import them anyway), so a
    module that is installed but broken is not mistaken for a missing one: only
    ModuleNotFoundError counts, and the sentence names the module that was not found. With
    `imported=False` it only looks for them (a `--help` that must not load Schemathesis).
    """
    for module in EXTRA_MODULES[extra]:
        try:
            if imported:
                importlib.import_module(module)
            elif importlib.util.find_spec(module) is None:
                raise ModuleNotFoundError(name=module)
        except ModuleNotFoundError as error:
            return (
                f"{feature}: needs the [{extra}] extra (no module named {error.name!r}): "
                f"{install_command(extra)}"
            )
    return None
