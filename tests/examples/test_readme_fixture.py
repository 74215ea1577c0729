"""README: the `mem0_mock` fixture with the official client (the snippet is the code below).

MemoryClient has no close(): handing it an httpx.Client in a `with` block closes its connections.
mem0ai 2.x adds through `POST /v3/memories/add/`, which queues; assert_added counts the memories a
queued add stored, and the mock has run the queued work by the time the assertion asks.
"""

import os

os.environ.setdefault("MEM0_TELEMETRY", "False")  # read once, when mem0 is imported: no upload

import httpx
from mem0 import MemoryClient


def test_remembers_diet(mem0_mock):
    with httpx.Client() as http:
        client = MemoryClient(api_key=mem0_mock.api_key, host=mem0_mock.url, client=http)
        client.add("I'm vegetarian", user_id="alice")  # queued, as by default: it counts
    mem0_mock.assert_added("Is vegetarian", user_id="alice")
