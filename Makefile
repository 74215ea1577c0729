# The two commands of the README: `make mock` serves the mock, `make test` runs the whole suite.
# Both create the virtualenv and install what they need on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MOCK_STAMP := $(VENV)/.installed-mock
MOCK_ARGS ?=

.PHONY: mock test lint test-fast test-soak system-deps bench clean

# The venv itself, with an up-to-date pip; each stamp below installs one use into it.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Everything for tests, lint and bench: the kit with every extra and the development tools.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Only what the mock needs (the plain install): `make mock` works without the test stack. A venv
# that already has [test] has the plain install too.
$(MOCK_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(MOCK_STAMP)

mock: $(MOCK_STAMP)
	$(BIN)/mem0-kit mock $(MOCK_ARGS)

# Chromium for the browser tests. Where it cannot be installed (no root, no apt) the browser tests
# skip, each saying how to enable them, and `make test` goes on.
system-deps:
	@./scripts/install-system-deps || echo "make: Chromium is not installed; the browser tests will skip (see scripts/install-system-deps)" >&2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The suite, slow tier and browser included, on every core (pytest-xdist): the PR gate. The ten
# slowest tests are listed last.
test: $(STAMP) system-deps lint client-envs
	$(BIN)/pytest -n auto --dist worksteal -m 'not soak' --durations=10

# The longest fuzz, load and parity runs (each bounded); .ci/run runs them after `make test`.
test-soak: $(STAMP)
	$(BIN)/pytest -n auto --dist worksteal -m soak --durations=5

# Without the slow tier and the browser: the minute-scale check before a commit.
test-fast: $(STAMP)
	$(BIN)/pytest -n auto --dist worksteal -m 'not slow and not soak and not browser'

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis

# --- clients: the official clients' environments of tests/clients/ (tests/clients/envs.py) ---
# One pinned environment per client: mem0ai 2.2.1, 1.0.11 and 0.1.118 and mem0-cli 0.2.13 as venvs
# in .cache/client-envs/, npm mem0ai 3.3.1 by npm ci in tests/clients/js/node_modules. Each is built
# once and again only when its requirements file or lockfile changes; without node/npm the npm one
# is skipped (its test skips too). The tests build a missing one themselves; this builds them first.
.PHONY: client-envs clean-client-envs

client-envs: | $(BIN)/python
	$(BIN)/python -m tests.clients.envs

clean-client-envs:
	rm -rf .cache/client-envs tests/clients/js/node_modules
