"""The pytest plugin's fixtures and marker, run the way a user runs them: in pytester sessions."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


# Inner sessions run as strictly as ours; the plugin arrives through its pytest11 entry point.
STRICT = ("-W", "error", "--strict-markers", "-p", "no:cacheprovider")


def test_fixtures_and_marker_are_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--fixtures", *STRICT)
    result.stdout.fnmatch_lines(["mem0_mock -- *", "mem0_mock_app -- *", "mem0_client -- *"])
    markers = pytester.runpytest("--markers")
    markers.stdout.fnmatch_lines(["@pytest.mark.mem0_mock(seed=0, latency_ms=0, *"])


def test_a_run_that_does_not_use_the_plugin_imports_nothing_heavy(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import sys

        HEAVY = ("schemathesis", "starlette", "uvicorn", "mockserver", "contracts", "httpx",
                 "mem0", "hypothesis", "yaml", "mem0spec")

        def test_nothing_heavy_loaded(request):
            assert request.config.pluginmanager.has_plugin("mem0_contract_kit")
            assert [name for name in HEAVY if name in sys.modules] == []
        """
    )
    # Schemathesis registers a pytest plugin of its own that imports it (and Hypothesis) in every
    # run; switched off here so the test judges our plugin alone.
    result = pytester.runpytest_subprocess(*STRICT, "-p", "no:schemathesis")
    result.assert_outcomes(passed=1)


def test_mem0_mock_serves_and_records(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_add(mem0_mock):
            assert mem0_mock.url.startswith("http://127.0.0.1:")
            response = httpx.post(
                f"{mem0_mock.url}/v1/memories/",
                headers={"Authorization": f"Token {mem0_mock.api_key}"},
                json={"messages": [{"role": "user", "content": "I'm vegetarian"}],
                      "user_id": "alice"},
            )
            assert response.status_code == 200
            assert [r.status for r in mem0_mock.requests(user_id="alice")] == [200]
            assert mem0_mock.requests(user_id="bob") == []
            assert [m.memory for m in mem0_mock.memories(user_id="alice")] == ["Is vegetarian"]
            assert [e.event for e in mem0_mock.events(user_id="alice")] == ["ADD"]
            assert mem0_mock.added(user_id="alice") == ["Is vegetarian"]
            mem0_mock.assert_added("Is vegetarian", user_id="alice")

        def test_reset_before_each_test(mem0_mock):
            assert mem0_mock.requests() == []
            assert mem0_mock.memories() == []
        """
    )
    result = pytester.runpytest(*STRICT, "-p", "no:randomly")
    result.assert_outcomes(passed=2)


def test_assert_added_failure_shows_near_misses(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def add(mock, text, user_id):
            httpx.post(f"{mock.url}/v1/memories/", headers={"Authorization": "Token mock-key"},
                       json={"messages": [{"role": "user", "content": text}], "user_id": user_id})

        def test_wrong_scope(mem0_mock):
            add(mem0_mock, "I'm vegetarian", "bob")
            add(mem0_mock, "I live in Berlin", "alice")
            mem0_mock.assert_added("Is vegetarian", user_id="alice")
        """
    )
    result = pytester.runpytest(*STRICT)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: no memory 'Is vegetarian' was added for user_id='alice'.",
            "*Near misses:",
            "*'Is vegetarian' (user_id='bob'): other scope",
            "*'Lives in Berlin' (user_id='alice'): same scope",
            "*Requests for user_id='alice': 1",
            "*POST /v1/memories/ -> 200: [[]'I live in Berlin'[]]",
        ]
    )


def test_assert_added_counts_queued_adds(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_queued(mem0_mock):
            response = httpx.post(
                f"{mem0_mock.url}/v1/memories/", headers={"Authorization": "Token mock-key"},
                json={"messages": [{"role": "user", "content": "I live in Berlin"}],
                      "user_id": "alice", "async_mode": True, "output_format": "v1.1"})
            assert response.json()["results"][0]["status"] == "PENDING"
            assert mem0_mock.events(user_id="alice") == []
            mem0_mock.assert_added("Lives in Berlin", user_id="alice")
        """
    )
    pytester.runpytest(*STRICT).assert_outcomes(passed=1)


def test_held_events_let_a_test_see_its_app_wait_and_fail(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        AUTH = {"Authorization": "Token mock-key"}

        def add(mem0_mock, text):
            return httpx.post(
                f"{mem0_mock.url}/v3/memories/add/", headers=AUTH,
                json={"messages": [{"role": "user", "content": text}], "user_id": "alice"},
            ).json()["event_id"]

        def status(mem0_mock, event_id):
            return httpx.get(f"{mem0_mock.url}/v1/event/{event_id}/", headers=AUTH).json()

        def test_held(mem0_mock):
            mem0_mock.hold_events()
            kept, failed = add(mem0_mock, "I live in Berlin"), add(mem0_mock, "I love hiking")
            assert status(mem0_mock, kept)["status"] == "PENDING"
            assert mem0_mock.memories(user_id="alice") == []
            mem0_mock.fail_event(failed, "quota")
            mem0_mock.release_events()
            assert [m.memory for m in mem0_mock.memories(user_id="alice")] == ["Lives in Berlin"]
            assert status(mem0_mock, failed)["error"] == "quota"

        def test_not_held_after_the_last_test(mem0_mock):
            event_id = add(mem0_mock, "I live in Lisbon")
            assert status(mem0_mock, event_id)["status"] == "SUCCEEDED"
            mem0_mock.assert_added("Lives in Lisbon", user_id="alice")
        """
    )
    pytester.runpytest(*STRICT).assert_outcomes(passed=2)


def test_marker_configures_a_server_of_its_own(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx
        import pytest

        IDS = {}

        def add(mock):
            response = httpx.post(
                f"{mock.url}/v1/memories/", headers={"Authorization": "Token mock-key"},
                json={"messages": [{"role": "user", "content": "I'm vegetarian"}],
                      "user_id": "alice"})
            return response.json()[0]["id"]

        def test_default(mem0_mock):
            IDS["default"] = add(mem0_mock)

        def test_default_again(mem0_mock):
            assert add(mem0_mock) == IDS["default"]  # reset: same seed, same requests, same ids

        @pytest.mark.mem0_mock(seed=7)
        def test_seeded(mem0_mock):
            assert mem0_mock.seed == 7
            IDS["seeded"] = add(mem0_mock)
            assert IDS["seeded"] != IDS["default"]

        @pytest.mark.mem0_mock(latency_ms=300, seed=7)
        def test_slow(mem0_mock):
            assert mem0_mock.settings.latency_ms == 300
            assert add(mem0_mock) == IDS["seeded"]

        def test_default_server_is_untouched(mem0_mock):
            assert (mem0_mock.settings.seed, mem0_mock.settings.latency_ms) == (0, 0)
        """
    )
    result = pytester.runpytest(*STRICT, "-p", "no:randomly")
    result.assert_outcomes(passed=5)


def test_marker_memories_start_the_mock_from_a_fixture(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_file = pytester.makepyfile(
        """
        import pytest

        BERLIN = [{"memory": "Lives in Berlin", "user_id": "alice"}]

        @pytest.mark.mem0_mock(memories=BERLIN)
        def test_preloaded(mem0_mock):
            assert [m.memory for m in mem0_mock.memories(user_id="alice")] == ["Lives in Berlin"]
            assert mem0_mock.added(user_id="alice") == []  # loaded, not added by the test

        @pytest.mark.mem0_mock(memories=BERLIN)
        def test_preloaded_again_after_reset(mem0_mock):
            assert len(mem0_mock.memories()) == 1

        @pytest.mark.mem0_mock(memories="fixtures/memories.json")  # beside this test file
        def test_from_a_file(mem0_mock):
            assert [m.memory for m in mem0_mock.memories(agent_id="bot")] == ["Speaks French"]
        """
    )
    fixtures = pytester.mkdir("fixtures")
    (fixtures / "memories.json").write_text(
        '{"memories": [{"memory": "Speaks French", "agent_id": "bot"}]}', encoding="utf-8"
    )
    monkeypatch.chdir(pytester.mkdir("elsewhere"))  # the path is not taken from the cwd
    result = pytester.runpytest(*STRICT, str(test_file))
    result.assert_outcomes(passed=3)


def test_marker_fail_forces_the_documented_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx
        import pytest

        @pytest.mark.mem0_mock(fail=429)
        def test_throttled(mem0_mock):
            response = httpx.post(
                f"{mem0_mock.url}/v1/memories/", headers={"Authorization": "Token mock-key"},
                json={"messages": [{"role": "user", "content": "hi"}], "user_id": "alice"})
            assert response.status_code == 429
            assert response.headers["Retry-After"].isdigit()
            assert response.json()["error"] == "429 Too Many Requests"
        """
    )
    pytester.runpytest(*STRICT).assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("seed=1, colour=2", "unknown argument(s) colour; valid: fail, latency_ms, memories, seed"),
        ("fail=418", "fail must be an error status the contract documents (400, 401, *), not 418"),
        ("latency_ms=-1", "latency_ms must be a non-negative int, not -1"),
        ("memories='missing.json'", "memories file 'missing.json' does not exist (looked for *)"),
        ("7", "takes keyword arguments only (got 1 positional)"),
        (
            "memories=[{'memory': 'Likes tea'}]",
            "the mock cannot start: memories[[]0[]] needs at least one of user_id, *",
        ),
    ],
    ids=[
        "unknown-argument",
        "undocumented-status",
        "negative-latency",
        "missing-file",
        "args",
        "bad-fixture-entry",
    ],
)
def test_bad_marker_fails_the_test_with_a_clear_reason(
    pytester: pytest.Pytester, marker: str, message: str
) -> None:
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.mem0_mock({marker})
        def test_configured(mem0_mock):
            pass
        """
    )
    result = pytester.runpytest(*STRICT)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*@pytest.mark.mem0_mock: {message}"])
    assert "Traceback" not in result.stdout.str()


def test_an_error_inside_the_server_fails_the_test_that_caused_it(
    pytester: pytest.Pytester,
) -> None:
    # The one place we break our own code on purpose: nothing valid makes the mock fail. Every
    # add asks its settings for today's date, so a public method that raises breaks every add.
    pytester.makepyfile(
        """
        import httpx
        import pytest
        from mockserver import Settings

        def explode(*args, **kwargs):
            raise RuntimeError("engine exploded")

        def add(base_url, client=httpx):
            return client.post(f"{base_url}/v1/memories/",
                               headers={"Authorization": "Token mock-key"},
                               json={"messages": [{"role": "user", "content": "hi"}],
                                     "user_id": "alice"})

        def test_over_http(mem0_mock, monkeypatch):
            monkeypatch.setattr(Settings, "current_date", explode)
            assert add(mem0_mock.url).status_code == 500  # the client sees the contract's 500

        @pytest.mark.anyio
        async def test_in_process(mem0_mock_app, monkeypatch):
            monkeypatch.setattr(Settings, "current_date", explode)
            transport = httpx.ASGITransport(app=mem0_mock_app)
            async with httpx.AsyncClient(transport=transport, base_url="http://mock") as http:
                response = await add("", http)
            assert response.status_code == 500

        def test_the_next_test_is_clean(mem0_mock):
            assert add(mem0_mock.url).status_code == 200
        """
    )
    result = pytester.runpytest(*STRICT, "-p", "no:randomly")

    result.assert_outcomes(failed=2, passed=1)  # failed in the test, not errors at teardown
    result.stdout.fnmatch_lines(
        [
            "E       RuntimeError: engine exploded",
            "E           mem0kit.pytest_plugin.Mem0MockServerError: the mem0 mock server at "
            "http://127.0.0.1:* failed while serving this test: RuntimeError: engine exploded",
            "E       RuntimeError: engine exploded",
            "E           mem0kit.pytest_plugin.Mem0MockServerError: the mem0 mock app failed "
            "while serving this test: RuntimeError: engine exploded",
            "FAILED *::test_over_http*",  # CI=true adds " - <reason>"
            "FAILED *::test_in_process[[]asyncio[]]*",
        ]
    )


def test_mem0_mock_app_runs_in_process(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx
        import pytest

        @pytest.mark.anyio
        @pytest.mark.mem0_mock(seed=3)
        async def test_in_process(mem0_mock_app):
            transport = httpx.ASGITransport(app=mem0_mock_app)
            async with httpx.AsyncClient(transport=transport, base_url="http://mock") as http:
                response = await http.post(
                    "/v1/memories/", headers={"Authorization": "Token mock-key"},
                    json={"messages": [{"role": "user", "content": "I live in Berlin"}],
                          "user_id": "alice", "output_format": "v1.1"})
            assert response.json()["results"][0]["memory"] == "Lives in Berlin"
        """
    )
    pytester.runpytest(*STRICT).assert_outcomes(passed=1)


def test_mem0_client_is_bound_to_the_mock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from mem0.exceptions import RateLimitError

        def test_add(mem0_client, mem0_mock):
            assert mem0_client.host == mem0_mock.url
            mem0_client.add("I'm vegetarian", user_id="alice", async_mode=False)
            mem0_mock.assert_added("Is vegetarian", user_id="alice")

        @pytest.mark.mem0_mock(fail=429)
        def test_throttled(mem0_client, mem0_mock):
            with pytest.raises(RateLimitError):
                mem0_client.add("I'm vegetarian", user_id="alice")
            assert [r.status for r in mem0_mock.requests(method="POST")] == [429]
        """
    )
    pytester.runpytest(*STRICT).assert_outcomes(passed=2)


def test_mem0_client_is_skipped_with_the_reason_without_mem0ai(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import sys

        sys.modules["mem0"] = None  # what an environment without mem0ai looks like to import
        """
    )
    pytester.makepyfile("def test_client(mem0_client):\n    pass\n")
    result = pytester.runpytest(*STRICT, "-rs")
    result.assert_outcomes(skipped=1)
    assert (
        "mem0_client: needs the [clients] extra (no module named 'mem0'): "
        "pip install 'mem0-contract-kit[clients]'"
    ) in result.stdout.str()
