"""The dependency direction of docs/ARCHITECTURE.md, checked on the import statements."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "mem0spec": {"mockserver", "contracts", "mem0kit", "starlette", "schemathesis", "openapi_core"},
    "mockserver": {"contracts", "mem0kit", "schemathesis", "hypothesis", "pytest"},
    "contracts": {"mockserver", "mem0kit"},
}

# The mock's layers, lowest first: a module imports only from lower layers or from its own
# folder's layer and below (memory/ and validation/ know nothing of each other). Imports made
# only for type annotations (`if TYPE_CHECKING:`) do not count: they run nothing.
MOCK_LAYERS = {
    "mockserver.errors": 0,
    "mockserver.setting_options": 1,
    "mockserver.settings": 2,
    "mockserver.memory": 3,
    "mockserver.validation": 3,
    "mockserver.http.codec": 3,
    "mockserver.state": 4,
    "mockserver.http.messages": 4,
    "mockserver.http.envelope": 4,
    "mockserver.answers": 5,
    "mockserver.http": 6,
    "mockserver.server": 7,
    "mockserver.collector": 7,
    "mockserver.cli": 8,
    "mockserver": 9,
}


def _imports(path: Path, *, runtime_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imported_top_levels(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _imports(path)}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_the_dependency_direction(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    offences = {
        str(path.relative_to(ROOT)): sorted(imported_top_levels(path) & FORBIDDEN[package])
        for path in files
    }
    assert {f: names for f, names in offences.items() if names} == {}


def _layer(module: str) -> tuple[str, int] | None:
    """The layer a module belongs to: its most specific entry in MOCK_LAYERS."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in MOCK_LAYERS:
            return prefix, MOCK_LAYERS[prefix]
    return None


def test_the_mock_imports_only_downwards_through_its_layers() -> None:
    offences = []
    for path in sorted((ROOT / "mockserver").rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        if path.name == "__init__.py" and module == "mockserver":
            continue  # the package's face re-exports from every layer
        here = _layer(module)
        assert here is not None, module
        for name in _imports(path, runtime_only=True):
            there = _layer(name)
            if there is None or name.startswith(f"{module}."):
                continue
            same_folder = there[0].split(".")[:2] == here[0].split(".")[:2]
            if there[1] < here[1] or (same_folder and there[1] <= here[1]):
                continue
            offences.append(f"{module} imports {name}")
    assert offences == []
