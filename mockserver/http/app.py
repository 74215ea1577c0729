"""`create_app(settings)`: the mock as an ASGI app.

The one router (`router.py`) answers every request: the contract's operations through the request
pipeline, the /_mock/ inspection pages, and 404/405 in the envelope. CORS wraps it, with one list
of origins for the contract's paths (`cors_origins`) and another for `/_mock/`
(`inspection_origins`, none by default: same-origin only).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.answers import ANSWERS
from mockserver.answers.registry import Answer
from mockserver.errors import MockServerError
from mockserver.http.cors import EnvelopeCORSMiddleware, SplitCORS
from mockserver.http.inspection import inspection_pages
from mockserver.http.router import Router
from mockserver.settings import Settings
from mockserver.state.mock_state import MockState, build_state

__all__ = ["MockApp", "create_app"]


class MockApp:
    """The mock's ASGI callable: `settings`, the `errors` it recorded, `reset()`, `override()`."""

    def __init__(self, state: MockState, app: ASGIApp) -> None:
        self._mock = state
        self._app = app

    @property
    def settings(self) -> Settings:
        """What this app was built from."""
        return self._mock.settings

    @property
    def errors(self) -> list[BaseException]:
        """Unhandled exceptions raised while serving (each also answered with a 500 envelope),
        oldest first; a test harness pops them to raise them in the test (`MockServer.check()`).
        Bounded: the first `KEPT_ERRORS` not yet popped, their frames' locals (request bodies)
        cleared and long messages cut; every one is logged."""
        return self._mock.errors

    def reset(self) -> None:
        """Back to the start state: the fixture's memories only, an empty journal (the same as
        `POST /_mock/reset`). Overrides stay: they are part of how the app was built."""
        self._mock.reset()

    def override(self, operation_id: str, answer: Answer) -> None:
        """Answer one operation with `answer(state, request, body)` instead, after every gate
        (auth, Prefer, validation, ...) has passed: how the kit's tests make an operation fail
        or stall on purpose. Not for production use."""
        if operation_id not in self._mock.answers:
            known = ", ".join(self._mock.answers)
            raise KeyError(f"no operation {operation_id!r}; the mock answers {known}")
        self._mock.answers[operation_id] = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


def create_app(settings: Settings | None = None) -> MockApp:
    """The mock as an ASGI app, for uvicorn or in-process use with `httpx.ASGITransport`.

    Example:
        >>> import httpx
        >>> app = create_app(Settings(seed=1))
        >>> transport = httpx.ASGITransport(app=app)  # then httpx.AsyncClient(transport=...)
    """
    state = build_state(settings or Settings())
    missing = [op for op in state.spec.operations if op not in ANSWERS]
    if missing:
        raise MockServerError(
            f"openapi.yaml has operations the mock does not answer: {', '.join(missing)}; "
            "register each with @answers in mockserver/answers/."
        )
    unknown = [op for op in ANSWERS if op not in state.spec.operations]
    if unknown:
        raise MockServerError(
            f"mockserver/answers/ answers operations openapi.yaml does not have: "
            f"{', '.join(unknown)}; add them to the spec or remove their @answers."
        )
    state.answers.update(ANSWERS)
    router = Router(state)
    contract: ASGIApp = router
    if state.settings.cors_origins:
        methods = tuple(op.method for op in state.spec.operations.values())
        contract = EnvelopeCORSMiddleware(router, state.settings.cors_origins, methods)
    inspection: ASGIApp = router
    if state.settings.inspection_origins:
        methods = tuple(method for method, _ in inspection_pages().values())
        inspection = EnvelopeCORSMiddleware(router, state.settings.inspection_origins, methods)
    return MockApp(state, SplitCORS(contract, inspection))
