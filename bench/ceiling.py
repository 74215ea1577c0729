"""The ceiling: the fastest this stack (Starlette on uvicorn) can answer `POST /v1/memories/`.

It parses the JSON body, as any real server must, and answers a constant v1.0 event list: no
validation, no auth, no state. Served with the same uvicorn settings as the mock (one worker, access
log off, uvicorn's default event loop and HTTP parser), so the gap between the two is the mock's own
work. Run: `python bench/ceiling.py --port 8001`.
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

_EVENTS = [
    {
        "id": "0b9a3c1e-6f2d-5c4a-9e8b-1d2f3a4b5c6d",
        "data": {"memory": "Is a vegetarian"},
        "event": "ADD",
    }
]


async def add_memories(request: Request) -> JSONResponse:
    await request.json()
    return JSONResponse(_EVENTS)


def create_app() -> Starlette:
    return Starlette(routes=[Route("/v1/memories/", add_memories, methods=["POST"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
