"""The scenario through the official CLI, mem0-cli (`mem0`), one subprocess per step.

Run with the interpreter of the CLI's environment (its `mem0` is found beside it):
    python mem0_cli.py --base-url URL --api-key KEY --user-id ID --out FILE
The CLI is pointed at the mock by MEM0_BASE_URL and MEM0_API_KEY (its --base-url/--api-key flags
do the same) and runs in its JSON mode (`mem0 --json ...`): stdout is one envelope,
`{"status": "success", "command", "data", ...}` or `{"status": "error", "error", ...}` with exit
code 1. Each step records the envelope; a failed step records the exit code and the error text as
its error (a CLI user sees no exception class). The CLI has no history command, so that step is
skipped. It keeps its config in ~/.mem0/: run it with HOME set to a scratch directory.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from _transcript import MESSAGES, NEW_TEXT, QUERY, Transcript, arguments, memory_id

MEM0 = str(Path(sys.executable).with_name("mem0"))


class CliError(Exception):
    def __init__(self, argv: list[str], done: subprocess.CompletedProcess[str], error: str) -> None:
        super().__init__(error)
        self.exit_code = done.returncode
        self.argv = argv
        self.stderr = done.stderr[-2000:]


def mem0(args: Any, *argv: str) -> Any:
    """`mem0 --json ARGV...`; the envelope's data, or CliError with the envelope's error."""
    command = [MEM0, "--json", *argv]
    env = {
        **os.environ,
        "MEM0_BASE_URL": args.base_url,
        "MEM0_API_KEY": args.api_key,
        "COLUMNS": "10000",  # rich would wrap long JSON lines at 80 columns otherwise
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    try:
        envelope = json.loads(done.stdout)
    except ValueError:
        raise CliError(
            argv=command, done=done, error=f"not JSON on stdout: {done.stdout[-1000:]!r}"
        ) from None
    if done.returncode != 0 or envelope.get("status") != "success":
        raise CliError(argv=command, done=done, error=str(envelope.get("error", envelope)))
    return envelope


def data(envelope: Any) -> Any:
    return envelope.get("data") if isinstance(envelope, dict) else None


async def scenario(args: Any, transcript: Transcript) -> None:
    user = args.user_id
    ok = await transcript.step("construct", lambda: mem0(args, "status"))
    if ok is None:
        return
    added = await transcript.step(
        "add", lambda: mem0(args, "add", "--messages", json.dumps(MESSAGES), "--user-id", user)
    )
    pending = [x for x in data(added) or [] if isinstance(x, dict) and x.get("event_id")]
    followed = None
    if pending:
        event_id = str(pending[0]["event_id"])
        followed = await transcript.step("event", lambda: mem0(args, "event", "status", event_id))
    else:
        transcript.skip("event", "the add answered without a queued event")
    found = await transcript.step("search", lambda: mem0(args, "search", QUERY, "--user-id", user))
    listed = await transcript.step("list", lambda: mem0(args, "list", "--user-id", user))

    wanted = memory_id(data(data(followed)), data(added), data(found), data(listed))
    transcript.data["memory_id"] = wanted
    if wanted is None:
        for name in ("get", "update", "history", "delete", "get_deleted"):
            transcript.skip(name, "no step named the id of the memory 'Lives in Berlin'")
    else:
        await transcript.step("get", lambda: mem0(args, "get", wanted))
        await transcript.step("update", lambda: mem0(args, "update", wanted, NEW_TEXT))
        transcript.skip("history", "mem0-cli has no command for a memory's history")
        await transcript.step("delete", lambda: mem0(args, "delete", wanted))
        await transcript.step("get_deleted", lambda: mem0(args, "get", wanted))
    await transcript.step(
        "delete_all", lambda: mem0(args, "delete", "--all", "--user-id", user, "--force")
    )
    await transcript.step("list_after", lambda: mem0(args, "list", "--user-id", user))


def main() -> None:
    import asyncio

    args = arguments(__doc__ or "")
    version = importlib.metadata.version("mem0-cli")
    transcript = Transcript(f"mem0-cli {version} (mem0 --json)", version, args.out)
    try:
        asyncio.run(scenario(args, transcript))
    finally:
        transcript.write()


if __name__ == "__main__":
    main()
