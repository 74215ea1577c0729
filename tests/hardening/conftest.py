"""One shared mock process per test module; its teardown checks the process survived and kept its
memory bounded. (Exit codes and logs are checked by the tests that own a process.)"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.hardening.process import MockProcess, spawn

# Bound on the resident memory of a mock that has been fed the hardening corpus (a fresh one is
# ~60 MiB); the bench's target for 200k requests over 10k scopes is 150 MB.
RSS_BOUND_MIB = 150


@pytest.fixture(scope="module")
def mock() -> Iterator[MockProcess]:
    process = spawn("--seed", "7")
    yield process
    assert process.alive(), f"the mock died:\n{process.log()[-3000:]}"
    rss = process.rss_mib()
    process.terminate()
    assert rss < RSS_BOUND_MIB, f"RSS {rss:.0f} MiB after the module's requests"


def assert_alive(mock: MockProcess) -> None:
    """The process still serves: ping answers 200."""
    answer = httpx.get(f"{mock.url}/v1/ping/", headers=mock.auth, timeout=10.0)
    assert answer.status_code == 200, answer.text
