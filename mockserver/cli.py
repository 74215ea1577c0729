"""Serve a deterministic mock of Mem0's POST /v1/memories/ (plus GET /v1/ping/ and
GET /v1/event/{event_id}/) on your machine, instead of the paid service.

Point the official client at it:  MemoryClient(api_key="mock-key", host="http://127.0.0.1:8000")
or curl:  curl -X POST http://127.0.0.1:8000/v1/memories/ -H "Authorization: Token mock-key" \\
            -H "Content-Type: application/json" \\
            -d '{"messages": [{"role": "user", "content": "I live in Berlin"}], "user_id": "alex"}'

Every flag can also be set by the environment variable shown beside it ($MEM0_MOCK_PORT=9000,
$MEM0_MOCK_STATELESS=1, lists comma-separated); a flag on the command line wins.

Same --seed + same requests = byte-identical answers. Per request, send `Prefer: code=429` (or
400/401/500/503...) to get that documented error, `Prefer: delay=300` to wait 300 ms. See what it
received at /_mock/journal, what it remembers at /_mock/memories, start over with POST /_mock/reset.
Full guide: mem0-kit docs mock.
"""

from __future__ import annotations

import argparse
import gc
import ipaddress
import os
import signal
import sys
import threading
import time
from typing import Any

from mockserver.setting_options import FOR_TESTS, Option, describe
from mockserver.settings import Settings, SettingsError, setting_options

__all__ = [
    "API_KEYS_ENV",
    "ENV_PREFIX",
    "add_arguments",
    "command_options",
    "docs_table",
    "env_variable",
    "from_environment",
    "run",
    "settings_from_args",
]

# Every flag's environment variable is this prefix and the flag's name (`--max-scopes` ->
# MEM0_MOCK_MAX_SCOPES), unless its declaration names another (`api_keys`: MEM0_MOCK_API_KEYS).
ENV_PREFIX = "MEM0_MOCK_"
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})

# The flags of the command itself, not settings: where it listens, how uvicorn logs, and one that
# overrides a setting. Their rows of the docs/MOCK.md table are declared with them.
LISTENS = "where it listens"
HOST = describe(
    "host",
    "127.0.0.1",
    flag="--host",
    group=LISTENS,
    help="interface to bind (default: %(default)s)",
    docs="interface to bind",
    docs_setting="",
)
PORT = describe(
    "port",
    8000,
    flag="--port",
    group=LISTENS,
    parse=int,
    help="port, 0 = any free (default: %(default)s)",
    docs="port; `0` picks a free one (the startup line shows it)",
    docs_setting="",
)
NO_CORS = describe(
    "no_cors",
    False,
    flag="--no-cors",
    group=FOR_TESTS,
    help="turn CORS off",
    docs="no CORS headers at all",
    docs_setting="`cors_origins=()`",
    docs_default="",
)
LOG_LEVEL = describe(
    "log_level",
    "info",
    flag="--log-level",
    group=FOR_TESTS,
    choices=("critical", "error", "warning", "info", "debug"),
    help="uvicorn log level; the access log never shows keys (default: %(default)s)",
    docs="uvicorn's log level; its access log shows method, path and status, never headers",
    docs_setting="",
)

# Kept importable for callers of the old constant; declared on the `api_keys` setting.
API_KEYS_ENV: str = next(o.env for o in setting_options() if o.name == "api_keys" and o.env)
_GRACEFUL_SHUTDOWN_S = 5
# Levels at which uvicorn writes its access log (one line per request).
_ACCESS_LOG_LEVELS = frozenset({"info", "debug"})


def command_options() -> tuple[Option, ...]:
    """Every value of `mem0-kit mock`, in --help order: the settings, the command's flags around."""
    options = [HOST, PORT]
    for option in setting_options():
        options.append(option)
        if option.name == "cors_origins":
            options.append(NO_CORS)  # beside the flag it overrides
    options.append(LOG_LEVEL)
    return tuple(options)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of `command_options()`, each in its section of --help."""
    groups: dict[str, Any] = {}
    for option in command_options():
        if option.flag is None:
            continue
        if option.flag.group not in groups:
            groups[option.flag.group] = parser.add_argument_group(option.flag.group)
        groups[option.flag.group].add_argument(option.flag.option, **_argparse_keywords(option))


def env_variable(option: Option) -> str:
    """The environment variable that sets a flag when the command line does not."""
    assert option.flag is not None
    return (
        option.env or ENV_PREFIX + option.flag.option.removeprefix("--").replace("-", "_").upper()
    )


def _argparse_keywords(option: Option) -> dict[str, Any]:
    """How the flag takes its value, from the default's type (see `mockserver.settings.Flag`).

    A flag that is not given is None, so that `from_environment` can tell "not given" from
    "given" and fall back to its environment variable, then to the default (and decide
    `--inspection` by the host). --help shows the default and the variable.
    """
    assert option.flag is not None
    flag = option.flag
    keywords: dict[str, Any] = {"dest": option.name, "help": _help(option), "default": None}
    if flag.metavar is not None:
        keywords["metavar"] = flag.metavar
    if isinstance(option.default, bool):
        keywords["action"] = argparse.BooleanOptionalAction if option.default else "store_true"
    elif isinstance(option.default, tuple):
        keywords["action"] = "append"
    else:
        if flag.parse is not None:
            keywords["type"] = flag.parse
        if flag.choices is not None:
            keywords["choices"] = list(flag.choices)
    return keywords


def _help(option: Option) -> str:
    assert option.flag is not None
    default = option.default
    shown = ", ".join(default) if isinstance(default, tuple) else str(default)
    text = option.flag.help.replace("%(default)s", shown)
    if isinstance(default, tuple) and "(default" not in text:
        text += f" (default: {shown})"
    variable = env_variable(option)
    if isinstance(default, bool):
        return f"{text} [${variable}=1 or 0]"
    if isinstance(default, tuple):
        return f"{text} [${variable}, comma-separated]"
    return f"{text} [${variable}]"


def from_environment(
    args: argparse.Namespace, environ: dict[str, str] | None = None
) -> argparse.Namespace:
    """The flags with what the command line left out taken from the environment variables, then
    from the defaults (`inspection` stays None when neither says: the host decides).
    `SettingsError` names a variable whose value the flag would not accept."""
    environ = dict(os.environ) if environ is None else environ
    values = dict(vars(args))
    for option in command_options():
        if option.flag is None or values.get(option.name) is not None:
            continue
        text = environ.get(env_variable(option), "").strip()
        value = _env_value(option, text) if text else None
        if value not in (None, []):  # " , " names no key: as if unset
            values[option.name] = value
        elif option.name != "inspection":
            values[option.name] = option.default
    return argparse.Namespace(**values)


def _env_value(option: Option, text: str) -> Any:
    assert option.flag is not None
    variable = env_variable(option)
    if isinstance(option.default, bool):
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise SettingsError(f"${variable}={text!r} must be 1 or 0 (true or false).")
    if isinstance(option.default, tuple):
        return [item.strip() for item in text.split(",") if item.strip()]
    if option.flag.choices is not None and text not in option.flag.choices:
        raise SettingsError(
            f"${variable}={text!r} must be one of {', '.join(option.flag.choices)}."
        )
    if option.flag.parse is None:
        return text
    try:
        return option.flag.parse(text)
    except (ValueError, argparse.ArgumentTypeError) as error:
        if isinstance(error, argparse.ArgumentTypeError):
            reason = str(error)
        elif option.flag.parse is int:
            reason = "must be a whole number"
        else:
            reason = f"is not a valid {option.flag.metavar or option.name}"
        raise SettingsError(f"${variable}={text!r}: {reason}.") from None


def settings_from_args(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Settings:
    """The `Settings` these flags (and their environment variables) describe."""
    args = from_environment(args, environ)
    values: dict[str, Any] = {}
    for option in setting_options():
        if option.flag is not None:
            given = getattr(args, option.name)
            values[option.name] = tuple(given) if isinstance(option.default, tuple) else given
    if args.no_cors:
        values["cors_origins"] = ()
    if args.inspection is None:  # the journal holds request bodies: shown to this machine only
        values["inspection"] = _is_loopback(args.host)
    if not _is_loopback(args.host) and not _is_ip(args.host):
        # The name the mock was bound under is one the developer chose: /_mock/ answers it.
        values["allowed_hosts"] = tuple(dict.fromkeys((*values["allowed_hosts"], args.host)))
    return Settings(**values)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def docs_table() -> str:
    """The "Flags and settings" table of docs/MOCK.md, one row per value of `command_options()`."""
    rows = [
        "| flag | variable | setting | default | effect |",
        "| --- | --- | --- | --- | --- |",
    ]
    for option in command_options():
        setting = f"`{option.name}`" if option.docs_setting is None else option.docs_setting
        default = _docs_default(option.default)
        if option.docs_default is not None:
            default = option.docs_default
        variable = f"`{env_variable(option)}`" if option.flag is not None else ""
        cells = (_docs_flag(option), variable, setting, default, option.docs)
        rows.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
    return "\n".join(rows) + "\n"


def _docs_flag(option: Option) -> str:
    if option.flag is None:
        return ""
    name = option.flag.option
    if option.default is True:
        return f"`{name}` / `--no-{name.removeprefix('--')}`"
    shown = f"`{name} {option.flag.metavar}`" if option.flag.metavar else f"`{name}`"
    return f"{shown} (repeatable)" if isinstance(option.default, tuple) else shown


def _docs_default(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None or value == ():
        return "none"
    if isinstance(value, tuple):
        return ", ".join(f"`{item}`" for item in value)
    if isinstance(value, float):
        return f"`{value:g}`"
    return f"`{value}`"


def _shown_keys(keys: tuple[str, ...], default: tuple[str, ...]) -> str:
    """The default key in full (it is no secret); keys the user chose masked, as in the journal."""
    from mockserver.validation.auth import mask_key

    if keys == default:
        return f"key: {', '.join(keys)}"
    return f"key: {', '.join(mask_key(k) for k in keys)} (as given; masked)"


# How long the background load of openapi-core waits for the first request to be answered.
_FIRST_ANSWER_WAIT_S = 1.0


def _load_wording(server: Any) -> None:
    """Once uvicorn has answered its first request (or stayed idle a second since it listens),
    load openapi-core (a rejection's words; most of a start-up if loaded before the first request,
    and competing with it for the interpreter if loaded beside it), then freeze what it built out
    of the collector's sweeps too. A rejection that needs it before then loads it itself."""
    from mockserver.validation.schemas import warm_up_all

    while not server.started and not server.should_exit:
        time.sleep(0.01)
    state = server.server_state
    waited_until = time.monotonic() + _FIRST_ANSWER_WAIT_S
    while not server.should_exit and time.monotonic() < waited_until:
        if state.total_requests and not state.tasks:
            break
        time.sleep(0.01)
    if not server.should_exit:
        warm_up_all()
        gc.freeze()


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from mockserver.collector import freeze_full_sweep_survivors
    from mockserver.errors import MockServerError
    from mockserver.http.app import create_app
    from mockserver.server import listening_socket, uvicorn_config

    try:
        args = from_environment(args)
        settings = settings_from_args(args)
        app = create_app(settings)
    except MockServerError as error:
        print(f"mem0-kit mock: {error}", file=sys.stderr)
        return 2
    try:
        sock = listening_socket(args.host, args.port)
    except OSError as error:
        print(f"mem0-kit mock: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in host else host
    config = uvicorn_config(
        app,
        log_level=args.log_level,
        # Off when its lines would be dropped anyway: uvicorn formats each one before the level
        # check, ~2% of a request.
        access_log=args.log_level in _ACCESS_LOG_LEVELS,
        graceful_shutdown_s=_GRACEFUL_SHUTDOWN_S,
        settings=settings,
    )
    server = uvicorn.Server(config)
    # Everything built so far (modules, the compiled contract, the extraction rules) lives as long
    # as the process, and so does most of what an add keeps: out of the collector's full sweeps.
    freeze_full_sweep_survivors()

    def stop(*_: object) -> None:
        # Runs for a SIGTERM that comes before uvicorn installs its own handlers, and for the one
        # uvicorn re-raises after it has shut down: ask to stop and return, so the exit code is 0.
        server.should_exit = True

    keys = _shown_keys(settings.api_keys, Settings.api_keys)
    previous = signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=_load_wording, args=(server,), name="load-wording", daemon=True).start()
    try:
        print(
            f"Mem0 mock serving on http://{shown_host}:{port} (seed {settings.seed}); "
            f"send 'Authorization: Token <key>' with {keys}",
            flush=True,
        )
        server.run(sockets=[sock])
    finally:
        sock.close()
        signal.signal(signal.SIGTERM, previous)
    return 0
