"""The scenario through the official mem0ai Python client (0.1.x, 1.0.x or 2.x; sync or async).

Run with the interpreter of the client's environment:
    python mem0ai_py.py --base-url URL --api-key KEY --user-id ID --out FILE [--variant async]
It writes the transcript (see _transcript.py) to FILE and exits 0 once every step has run.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
from typing import Any

from _transcript import (
    MESSAGES,
    NEW_TEXT,
    QUERY,
    Transcript,
    arguments,
    follow_event,
    memory_id,
    queued_event_id,
)


def entity_scope(generation: int, user_id: str) -> dict[str, Any]:
    """How each generation names the user on search and get_all: 1.x and 2.x through filters
    (2.x refuses a top-level user_id itself), 0.1.x as a top-level argument."""
    return {"filters": {"user_id": user_id}} if generation >= 1 else {"user_id": user_id}


async def scenario(args: Any, transcript: Transcript, generation: int) -> None:
    import mem0

    client_class = mem0.AsyncMemoryClient if args.variant == "async" else mem0.MemoryClient
    made: list[Any] = []

    def construct() -> dict[str, Any]:  # the constructor pings and learns the org and project
        made.append(client_class(api_key=args.api_key, host=args.base_url))
        client = made[0]
        return {
            "org_id": client.org_id,
            "project_id": client.project_id,
            "user_email": client.user_email,
        }

    await transcript.step("construct", construct)
    if not made:
        return
    client = made[0]
    try:
        await steps(args, transcript, generation, client)
    finally:
        closer = getattr(getattr(client, "async_client", None), "aclose", None)
        if closer is not None:
            await closer()


async def steps(args: Any, transcript: Transcript, generation: int, client: Any) -> None:
    user = args.user_id
    scope = entity_scope(generation, user)
    added = await transcript.step("add", lambda: client.add(MESSAGES, user_id=user))
    event_id = queued_event_id(added)
    followed = None
    if event_id is not None:
        followed = await transcript.step(
            "event", lambda: follow_event(args.base_url, args.api_key, event_id)
        )
    else:
        transcript.skip("event", "the add answered without a queued event")
    found = await transcript.step("search", lambda: client.search(QUERY, **scope))
    listed = await transcript.step("list", lambda: client.get_all(**scope))

    wanted = memory_id((followed or {}).get("event"), added, found, listed)
    transcript.data["memory_id"] = wanted
    if wanted is None:
        for name in ("get", "update", "history", "delete", "get_deleted"):
            transcript.skip(name, "no step named the id of the memory 'Lives in Berlin'")
    else:
        await transcript.step("get", lambda: client.get(wanted))
        await transcript.step("update", lambda: client.update(wanted, text=NEW_TEXT))
        await transcript.step("history", lambda: client.history(wanted))
        await transcript.step("delete", lambda: client.delete(wanted))
        await transcript.step("get_deleted", lambda: client.get(wanted))
    await transcript.step("delete_all", lambda: client.delete_all(user_id=user))
    await transcript.step("list_after", lambda: client.get_all(**scope))


def main() -> None:
    args = arguments(__doc__ or "")
    version = importlib.metadata.version("mem0ai")
    kind = "AsyncMemoryClient" if args.variant == "async" else "MemoryClient"
    transcript = Transcript(f"mem0ai {version} {kind}", version, args.out)
    try:
        asyncio.run(scenario(args, transcript, int(version.split(".")[0])))
    finally:
        transcript.write()


if __name__ == "__main__":
    main()
