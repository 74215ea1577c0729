"""The extras of pyproject.toml match what the code imports, and a missing one is one sentence.

`mem0kit/extras.py` names the modules of each extra; pyproject.toml names their distributions.
Checked here: the two agree, every third-party import of a package is in the install that package
is used from (the mock in the plain install, the suites in `[verify]`), and the pytest plugin says
what to install when `--mem0-contract-url`, `mem0_mock` or `mem0_client` lacks its extra.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from mem0kit.extras import DISTRIBUTION, EXTRA_MODULES, install_command

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
OURS = {"mem0spec", "mockserver", "contracts", "mem0kit"}
STRICT = ("-W", "error", "--strict-markers", "-p", "no:cacheprovider")


def _names(requirements: list[str]) -> set[str]:
    """The distributions a list of requirements names, the kit's own extras opened up."""
    names: set[str] = set()
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        if name == DISTRIBUTION:
            for extra in requirement.extras:
                names |= _names(PROJECT["optional-dependencies"][extra])
        else:
            names.add(name)
    return names


def _distribution_of(module: str) -> str:
    (name, *_) = packages_distributions()[module]
    return canonicalize_name(name)


def _third_party_imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - OURS - set(sys.stdlib_module_names)


PLAIN = _names(PROJECT["dependencies"])


@pytest.mark.parametrize("extra", sorted(EXTRA_MODULES))
def test_each_extra_brings_the_modules_its_error_names(extra: str) -> None:
    # The extra's own distributions: [pytest] also pulls in [verify], which has its own sentence.
    own = [
        line
        for line in PROJECT["optional-dependencies"][extra]
        if canonicalize_name(Requirement(line).name) != DISTRIBUTION
    ]
    named = {_distribution_of(module) for module in EXTRA_MODULES[extra]}
    assert named == _names(own) - PLAIN


@pytest.mark.parametrize(
    ("package", "extras"),
    [("mem0spec", ()), ("mockserver", ()), ("contracts", ("verify",))],
)
def test_a_package_imports_only_what_its_install_declares(
    package: str, extras: tuple[str, ...]
) -> None:
    declared = PLAIN.union(*(_names(PROJECT["optional-dependencies"][e]) for e in extras))
    imported = {_distribution_of(module) for module in _third_party_imports(package)}
    assert imported - declared == set()


def test_the_development_install_has_every_use() -> None:
    uses = set(PROJECT["optional-dependencies"]) - {"test"}
    assert _names(PROJECT["optional-dependencies"]["test"]) >= _names(
        [f"{DISTRIBUTION}[{','.join(sorted(uses))}]"]
    )


def test_the_contract_option_without_verify_is_one_usage_error(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest('import sys\n\nsys.modules["schemathesis"] = None\n')
    pytester.makepyfile("def test_nothing():\n    pass\n")
    result = pytester.runpytest(
        *STRICT, "--mem0-contract-url", "http://127.0.0.1:9", "--mem0-api-key", "k"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.lines == [
        "ERROR: --mem0-contract-url: needs the [verify] extra (no module named 'schemathesis'): "
        f"{install_command('verify')}",
        "",
    ]


def test_the_mock_fixture_without_httpx_fails_in_one_sentence(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('import sys\n\nsys.modules["httpx"] = None\n')
    pytester.makepyfile("def test_uses_the_mock(mem0_mock):\n    pass\n")
    result = pytester.runpytest(*STRICT)
    result.assert_outcomes(errors=1)
    sentence = (
        "mem0_mock: needs the [pytest] extra (no module named 'httpx'): "
        "pip install 'mem0-contract-kit[pytest]'"
    )
    assert sentence in result.stdout.lines
    assert "Traceback" not in result.stdout.str()
