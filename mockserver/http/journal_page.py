"""The journal page at `GET /_mock/`: the inspection API drawn for a person, live, in a browser.

The page is one self-contained file beside this module (`journal_page.html`, shipped as package
data): inline CSS and JS, no build step, nothing loaded from elsewhere. It polls the inspection
API with relative URLs (`journal?limit=200`, `memories?limit=1000`, `health`; `reset` with
`X-Mem0-Mock: 1`), so it works wherever the mock is mounted; for that reason it is served at
`/_mock/` only, not at `/_mock` (from there the same URLs would leave `/_mock/`).

What the page cannot know by itself is which operation a journaled request was. That is a fact
of the contract, so it is not restated in the page: the operations (id, method, path template)
are read from `state.spec` and written into the page as JSON each time it is served.
"""

from __future__ import annotations

import json
from pathlib import Path

from mockserver.http.messages import Incoming, Reply
from mockserver.state.mock_state import MockState

__all__ = ["JOURNAL_PAGE_PATH", "journal_page"]

JOURNAL_PAGE_PATH = Path(__file__).resolve().with_name("journal_page.html")

# The file ships with an empty table here, so it still opens (and shows no operations) as it is.
_OPERATIONS_SLOT = '<script type="application/json" id="operations">[]</script>'

# Nothing but the page itself and the mock it came from: a request body is arbitrary text, and
# should the page ever show one as HTML by mistake, it still could not load or send anything.
# `img-src data:` is for the empty inline favicon, which keeps the browser from asking the mock
# for /favicon.ico (a 404 that would land in the journal being looked at).
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def journal_page(state: MockState, request: Incoming) -> Reply:
    """The page, with the contract's operations filled in. Its query is ignored: the page takes
    no parameters, and a 400 in JSON would be a poor answer to a person at a browser."""
    del request
    template = JOURNAL_PAGE_PATH.read_text(encoding="utf-8")
    if _OPERATIONS_SLOT not in template:  # a broken edit of the HTML file, caught by its tests
        raise RuntimeError(f"{JOURNAL_PAGE_PATH.name} has lost its operations slot")
    operations = [
        {"id": op.operation_id, "method": op.method, "path": op.path}
        for op in state.spec.operations.values()
    ]
    filled = _OPERATIONS_SLOT.replace("[]", _script_json(operations))
    page = template.replace(_OPERATIONS_SLOT, filled)
    return Reply(
        page.encode("utf-8"),
        media_type="text/html; charset=utf-8",
        headers=dict(_SECURITY_HEADERS),
    )


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: `<`, `>` and `&` escaped, so no text can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
