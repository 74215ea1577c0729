"""pytest plugin of mem0-contract-kit: a live Mem0 mock for tests, and the contract in your run.

Registered through the `pytest11` entry point, so it loads in every pytest run of anyone who has the
kit installed: this module imports only pytest and the standard library, and nothing heavy (the
mock, Starlette, uvicorn, Schemathesis, the official client) is imported or started until a fixture
or the `--mem0-contract-url` option asks for it. Disable it with `-p no:mem0_contract_kit`. What
each use needs beyond pytest comes with an extra (`pip install 'mem0-contract-kit[pytest]'`, and
`[clients]` for mem0_client); without it the use says so in one sentence (mem0kit/extras.py).

Fixtures:
    mem0_mock       a live mock on a free 127.0.0.1 port, reset before each test (a function-scoped
                    face over a session-scoped server): `.url`, `.api_key`, `.requests()`,
                    `.memories()`, `.events()`, `.added()`, `.assert_added()`.
    mem0_mock_app   the mock's ASGI app, fresh per test, for `httpx.ASGITransport`.
    mem0_client     an official `mem0ai` `MemoryClient` bound to `mem0_mock` (skipped, with the
                    reason, when mem0ai is not installed).
Marker:
    @pytest.mark.mem0_mock(seed=0, latency_ms=0, memories=None, fail=None)
Options:
    --mem0-contract-url URL --mem0-api-key KEY [--mem0-contract-seed N] [--mem0-contract-profile P]
    [--mem0-contract-level L]
    collects the contract suite against URL, one test item per rule and operation.

Example:
    def test_remembers_diet(mem0_mock, mem0_client):
        mem0_client.add("I'm vegetarian", user_id="alice", async_mode=False)
        mem0_mock.assert_added("Is vegetarian", user_id="alice")
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from mem0kit._plugin_config import (
    CONTRACT_MARKER,
    MARKER,
    MARKER_HELP,
    MarkerError,
    MockConfig,
    config_from_marker,
)
from mem0kit.extras import missing_extra

if TYPE_CHECKING:
    from mem0kit._plugin_mock import Mem0Mock, Mem0MockServerError
    from mem0kit._plugin_servers import ServerPool
    from mockserver import MockApp, MockServer

# What the plugin gives pytest (its hooks and fixtures) and its users (the types they annotate
# with); tests/mem0kit/test_public_api.py keeps the list as it is.
__all__ = [
    "Mem0Mock",
    "Mem0MockServerError",
    "mem0_client",
    "mem0_mock",
    "mem0_mock_app",
    "pytest_addoption",
    "pytest_configure",
    "pytest_make_collect_report",
    "pytest_runtest_call",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mem0-contract-kit", "mem0-contract-kit: the Mem0 contract suite")
    group.addoption(
        "--mem0-contract-url",
        metavar="URL",
        help="collect the Mem0 contract suite against the server at URL (one item per rule and "
        "operation)",
    )
    group.addoption(
        "--mem0-api-key",
        metavar="KEY",
        help="API key for --mem0-contract-url (default: $MEM0_API_KEY)",
    )
    group.addoption(
        "--mem0-contract-seed",
        metavar="N",
        type=int,
        default=0,
        help="seed of every generated contract case (default: 0)",
    )
    group.addoption(
        "--mem0-contract-profile",
        metavar="NAME",
        default="default",
        help="contract suite profile: quick, default or thorough (as `mem0-kit verify --profile`)",
    )
    group.addoption(
        "--mem0-contract-level",
        metavar="LEVEL",
        default="documented",
        help="conformance level whose findings fail an item: works-with-clients, documented or "
        "strict (as `mem0-kit verify --level`; default: documented)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)
    config.addinivalue_line(
        "markers", f"{CONTRACT_MARKER}: a check of the Mem0 contract (--mem0-contract-url)"
    )
    if config.getoption("mem0_contract_url", None):
        from mem0kit._plugin_contract import configure_target

        configure_target(config)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, Any]:
    """Add the contract suite beside the collected tests when --mem0-contract-url is given."""
    report = yield
    if (
        isinstance(collector, pytest.Session)
        and report.passed
        and collector.config.getoption("mem0_contract_url", None)
    ):
        from mem0kit._plugin_contract import ContractSuite

        suite = ContractSuite.from_parent(collector, name="mem0-contract", nodeid="mem0-contract")
        report.result.append(suite)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Raise an error the mock recorded (in its thread, or in the app) in the test itself."""
    funcargs = getattr(item, "funcargs", {})
    try:
        yield
    finally:
        if "mem0_mock" in funcargs:
            funcargs["mem0_mock"]._check()
        if "mem0_mock_app" in funcargs:
            from mem0kit._plugin_mock import check_app

            check_app(funcargs["mem0_mock_app"])


@pytest.fixture(scope="session")
def _mem0_mock_pool() -> Iterator[ServerPool]:
    from mem0kit._plugin_servers import ServerPool

    pool = ServerPool()
    yield pool
    pool.stop_all()


def _require_extra(fixture: str, extra: str) -> None:
    """Fail the test, in one sentence and without a traceback, when `extra` is not installed."""
    missing = missing_extra(fixture, extra)
    if missing is not None:
        pytest.fail(missing, pytrace=False)


def _marker_config(request: pytest.FixtureRequest) -> MockConfig:
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        return MockConfig()
    try:
        return config_from_marker(marker.args, marker.kwargs, request.path.parent)
    except MarkerError as error:
        reason = str(error)
    pytest.fail(reason, pytrace=False)  # outside `except`: no chained traceback


def _server_for(pool: ServerPool, config: MockConfig) -> MockServer:
    from mockserver import MockServerError

    try:
        return pool.get(config)
    except MockServerError as error:  # a bad fixture file or setting: say which, no traceback
        reason = f"@pytest.mark.{MARKER}: the mock cannot start: {error}"
    pytest.fail(reason, pytrace=False)


@pytest.fixture
def mem0_mock(request: pytest.FixtureRequest, _mem0_mock_pool: ServerPool) -> Iterator[Mem0Mock]:
    """A live Mem0 mock for this test: `.url`, `.api_key`, and what it recorded."""
    _require_extra("mem0_mock", "pytest")
    from mem0kit._plugin_mock import Mem0Mock

    face = Mem0Mock(_server_for(_mem0_mock_pool, _marker_config(request)))
    face._begin()
    try:
        yield face
    finally:
        face._finish()
    face._check()


@pytest.fixture
def mem0_mock_app(request: pytest.FixtureRequest, _mem0_mock_pool: ServerPool) -> MockApp:
    """The mock's ASGI app, fresh for this test: `httpx.ASGITransport(app=mem0_mock_app)`."""
    from mockserver import MockServerError, create_app

    config = _marker_config(request)
    try:
        return create_app(_mem0_mock_pool.settings(config))
    except MockServerError as error:
        reason = f"@pytest.mark.{MARKER}: the mock cannot start: {error}"
    pytest.fail(reason, pytrace=False)


@pytest.fixture
def mem0_client(
    request: pytest.FixtureRequest, mem0_mock: Mem0Mock, _mem0_mock_pool: ServerPool
) -> Iterator[Any]:
    """An official `mem0ai` MemoryClient bound to `mem0_mock` (its telemetry off)."""
    # mem0 reads MEM0_TELEMETRY once, at import: set it first so nothing leaves the machine.
    os.environ.setdefault("MEM0_TELEMETRY", "False")
    missing = missing_extra("mem0_client", "clients")
    if missing is not None:
        pytest.skip(missing)
    import mem0

    config = _marker_config(request)
    if config.fail is None:
        client = mem0.MemoryClient(api_key=mem0_mock.api_key, host=mem0_mock.url)
    else:
        # The client pings the server when it is built and refuses to exist if that fails; a
        # mock that fails every request would make the fixture, not the test, fail. Build it
        # against a healthy mock of the same org and project, then bind it to the failing one.
        healthy = _mem0_mock_pool.get(config.healthy())
        client = mem0.MemoryClient(api_key=mem0_mock.api_key, host=healthy.url)
        client.host = mem0_mock.url
        client.client.base_url = mem0_mock.url
    try:
        yield client
    finally:
        client.client.close()


def __getattr__(name: str) -> Any:
    # `from mem0kit.pytest_plugin import Mem0Mock` for annotations, without importing httpx early.
    if name in ("Mem0Mock", "Mem0MockServerError"):
        from mem0kit import _plugin_mock

        return getattr(_plugin_mock, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
