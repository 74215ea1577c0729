"""Many concurrent clients over many scopes: no errors, and concurrency never corrupts state.

Each scope belongs to one client, which sends that scope's requests in order while every other
client hammers other scopes. Afterwards a fresh mock with the same seed gets each scope's requests
again, one at a time, scope after scope: every answer must be byte-identical to the concurrent one.
A shared counter, a lock missing around a scope's state, or an id drawn from global order would
show up as a difference.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from typing import Any

import pytest

from tests.hardening.process import spawn
from tests.hardening.rawhttp import AsyncKeepAlive, KeepAlive

Answer = tuple[int, bytes]
Plan = dict[str, list[tuple[bytes, int]]]  # scope name -> [(body, expected status)]

SENTENCES = [
    "Hi, I'm Alex. I'm a vegetarian and I live in Berlin.",
    "I moved to Lisbon last month.",
    "I'm not a vegetarian anymore.",
    "I love hiking on weekends.",
    "I don't like hiking anymore.",
    "My daughter Mia starts school in September.",
    "I'm allergic to peanuts.",
    "I work as a nurse.",
    "I'm a teacher now.",
    "My favourite colour is green.",
    "Actually my favourite colour is blue.",
    "Book the 9:40 train to Porto on Friday.",
]
INVALID = [
    {"messages": [{"role": "robot", "content": "beep"}]},
    {"messages": []},
    {"messages": [{"role": "user", "content": "x"}], "expiration_date": "2030-02-30"},
    {"messages": [{"role": "user", "content": "x"}], "output_format": "v9"},
]


def _scope(index: int) -> dict[str, str]:
    kind = index % 4
    if kind == 0:
        return {"user_id": f"load-user-{index}"}
    if kind == 1:
        return {"agent_id": "load-agent", "run_id": f"load-run-{index}"}
    if kind == 2:
        return {"app_id": f"load-app-{index}", "user_id": "shared-name"}
    return {"user_id": f"load-user-{index}", "org_id": "org-b", "project_id": f"proj-{index % 7}"}


def _body(rng: random.Random, scope: dict[str, str]) -> tuple[bytes, int]:
    if rng.random() < 0.05:
        return json.dumps({**rng.choice(INVALID), **scope}).encode(), 400
    messages = [{"role": "user", "content": rng.choice(SENTENCES)}]
    if rng.random() < 0.3:
        messages.append({"role": "assistant", "content": rng.choice(SENTENCES)})
    if rng.random() < 0.1:
        messages.insert(0, {"role": "system", "content": "You are a helpful assistant."})
    body: dict[str, Any] = {"messages": messages, **scope}
    body["output_format"] = rng.choice(["v1.0", "v1.1", None, "v1.1"])
    if rng.random() < 0.2:
        body["infer"] = False
    if rng.random() < 0.1:
        body["immutable"] = True
    if rng.random() < 0.1:
        body["async_mode"] = True
    if rng.random() < 0.2:
        body["metadata"] = {"turn": rng.randrange(1000)}
    return json.dumps(body).encode(), 200


def make_plan(requests: int, scopes: int, seed: int) -> Plan:
    rng = random.Random(seed)
    plan: Plan = {f"scope-{i}": [] for i in range(scopes)}
    names = list(plan)
    for _ in range(requests):
        index = rng.randrange(scopes)
        plan[names[index]].append(_body(rng, _scope(index)))
    return plan


HEADERS = [("Authorization", "Token mock-key"), ("Content-Type", "application/json")]


async def _client(
    port: int, scopes: list[str], plan: Plan, answers: dict[str, list[Answer]]
) -> None:
    """One client on one keep-alive connection: round-robin over its scopes, each scope's
    requests in order."""
    queues = {name: list(reversed(plan[name])) for name in scopes}
    connection = await AsyncKeepAlive.open(port)
    try:
        while queues:
            for name in list(queues):
                body, _ = queues[name].pop()
                answers[name].append(await connection.post("/v1/memories/", body, HEADERS))
                if not queues[name]:
                    del queues[name]
    finally:
        await connection.close()


async def _concurrently(port: int, plan: Plan, clients: int) -> dict[str, list[Answer]]:
    answers: dict[str, list[Answer]] = {name: [] for name in plan}
    names = list(plan)
    shares = [names[i::clients] for i in range(clients)]
    await asyncio.gather(*(_client(port, share, plan, answers) for share in shares if share))
    return answers


def _sequentially(port: int, plan: Plan) -> dict[str, list[Answer]]:
    answers: dict[str, list[Answer]] = {}
    connection = KeepAlive(port)
    try:
        for name, requests in plan.items():
            answers[name] = [
                connection.post("/v1/memories/", body, HEADERS) for body, _ in requests
            ]
    finally:
        connection.close()
    return answers


def load_and_replay(requests: int, scopes: int, clients: int) -> None:
    plan = make_plan(requests, scopes, seed=requests)
    first = spawn("--seed", "11")
    try:
        concurrent = asyncio.run(_concurrently(first.port, plan, clients))
    finally:
        assert first.terminate() == 0
    statuses = Counter(status for answers in concurrent.values() for status, _ in answers)
    assert sum(statuses.values()) == requests
    assert not [s for s in statuses if s >= 500], statuses
    for name, answers in concurrent.items():
        expected = [status for _, status in plan[name]]
        assert [status for status, _ in answers] == expected, name
    second = spawn("--seed", "11")
    try:
        replay = _sequentially(second.port, plan)
    finally:
        assert second.terminate() == 0
    differing = [name for name in plan if concurrent[name] != replay[name]]
    assert differing == [], (
        len(differing),
        differing[:5],
        _first_difference(concurrent, replay, differing),
    )


def _first_difference(
    a: dict[str, list[Answer]], b: dict[str, list[Answer]], names: list[str]
) -> Any:
    if not names:
        return None
    name = names[0]
    for index, (left, right) in enumerate(zip(a[name], b[name], strict=True)):
        if left != right:
            return name, index, left, right
    return name


def test_concurrent_answers_equal_a_sequential_replay() -> None:
    load_and_replay(requests=2_000, scopes=200, clients=16)


@pytest.mark.soak
@pytest.mark.timeout(1800)  # ~1.5 min on a quiet machine
def test_64_clients_50000_requests_equal_a_sequential_replay() -> None:
    load_and_replay(requests=50_000, scopes=2_000, clients=64)
