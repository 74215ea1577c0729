"""A page from another origin adds, searches, updates and deletes memories with fetch() in headless
Chromium, as a browser app on the mock would.

Every call sends `Authorization: Token <key>` and a JSON `Content-Type`, so each needs a CORS
preflight; PUT and DELETE are not CORS-safelisted methods, so their preflights must also allow the
method itself (the mock's CORS allows every method of the contract: DELETE, GET, OPTIONS, POST,
PUT). The page writes each step's status and parsed body as JSON into `#results`; Chromium's network
log (read as in test_cors.py) shows the preflight before each call.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from mockserver import Settings, run_in_thread
from tests.browser.chromium import BROWSER
from tests.browser.test_cors import _network, _render
from tests.local_http import page_server

pytestmark = BROWSER

# Steps run one after another; a step that throws (a refused preflight is a TypeError) ends the
# run with `failed: ...` in #status, so the test shows where the browser stopped.
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>crud</title></head><body>
<p id="status">running</p>
<pre id="results"></pre>
<script>
const params = new URLSearchParams(location.search);
const mock = params.get("mock");
const headers = {"Authorization": "Token " + params.get("key"), "Content-Type": "application/json"};
const results = [];
async function call(step, method, path, body) {
  const init = {method, headers};
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(mock + path, init);
  const answer = {step, status: response.status, body: await response.json()};
  results.push(answer);
  return answer.body;
}
async function run() {
  const added = await call("add v3", "POST", "/v3/memories/add/", {
    messages: [{role: "user", content: "I live in Berlin"}], user_id: "ann", infer: false});
  const addedV1 = await call("add v1", "POST", "/v1/memories/", {
    messages: [{role: "user", content: "I love sushi"}], user_id: "ann", infer: false});
  const scope = {user_id: "ann"};
  await call("search", "POST", "/v3/memories/search/", {query: "Berlin", filters: scope});
  const berlin = added.results[0].id, sushi = addedV1[0].id;
  await call("update", "PUT", "/v1/memories/" + berlin + "/", {text: "Lives in Paris"});
  await call("delete", "DELETE", "/v1/memories/" + sushi + "/");
  await call("search after", "POST", "/v3/memories/search/", {query: "Paris", filters: scope});
}
run().then(
  () => { document.getElementById("status").textContent = "done"; },
  (error) => { document.getElementById("status").textContent = "failed: " + error; },
).finally(() => { document.getElementById("results").textContent = JSON.stringify(results); });
</script>
</body></html>
"""


@pytest.fixture
def page_origin() -> Iterator[str]:
    """The page's own origin: a second server on another port of 127.0.0.1."""
    with page_server(PAGE.encode("utf-8")) as url:
        yield url


def _text_of(dom: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</', dom, re.DOTALL)
    assert match is not None, f"no #{element_id} in the page:\n{dom}"
    return html.unescape(match.group(1)).strip()


def _steps(dom: str) -> dict[str, dict[str, Any]]:
    results: list[dict[str, Any]] = json.loads(_text_of(dom, "results"))
    return {result["step"]: result for result in results}


def test_page_on_another_origin_adds_searches_updates_and_deletes(
    page_origin: str, tmp_path: Path
) -> None:
    settings = Settings(rate_limit_per_minute=1000)
    profile = tmp_path / "profile"
    with run_in_thread(settings) as mock:
        query = urlencode({"mock": mock.url, "key": settings.api_keys[0]})
        dom = _render(f"{page_origin}/?{query}", profile)
        mock.check()
    requests, remotes = _network(profile)

    assert _text_of(dom, "status") == "done", dom
    steps = _steps(dom)
    assert {name: step["status"] for name, step in steps.items()} == {
        "add v3": 200,
        "add v1": 200,
        "search": 200,
        "update": 200,
        "delete": 200,
        "search after": 200,
    }

    added = steps["add v3"]["body"]
    assert added["status"] == "SUCCEEDED"  # infer:false is synchronous: the result is in the answer
    assert [(r["event"], r["data"]) for r in added["results"]] == [
        ("ADD", {"memory": "I live in Berlin"})
    ]
    berlin = added["results"][0]["id"]
    added_v1 = steps["add v1"]["body"]
    assert [(r["event"], r["data"]) for r in added_v1] == [("ADD", {"memory": "I love sushi"})]
    sushi = added_v1[0]["id"]
    assert berlin != sushi

    found = steps["search"]["body"]["results"]
    assert found[0]["id"] == berlin
    assert found[0]["memory"] == "I live in Berlin"
    assert found[0]["user_id"] == "ann"
    assert {hit["id"] for hit in found} <= {berlin, sushi}

    updated = steps["update"]["body"]
    assert (updated["id"], updated["user_id"]) == (berlin, "ann")
    assert updated["memory"] == "Lives in Paris"
    assert updated["updated_at"] > updated["created_at"]

    assert steps["delete"]["body"] == {"message": "Memory deleted successfully!"}

    after = steps["search after"]["body"]["results"]
    assert [(hit["id"], hit["memory"]) for hit in after] == [(berlin, "Lives in Paris")]

    # Each call went out only after its preflight: every URL's first request is an OPTIONS, and
    # the PUT and the DELETE (each to a URL not called before) had their own, which allowed them.
    base = mock.url
    to_mock = [(method, url[len(base) :]) for method, url in requests if url.startswith(base)]
    assert to_mock == [
        ("OPTIONS", "/v3/memories/add/"),
        ("POST", "/v3/memories/add/"),
        ("OPTIONS", "/v1/memories/"),
        ("POST", "/v1/memories/"),
        ("OPTIONS", "/v3/memories/search/"),
        ("POST", "/v3/memories/search/"),
        ("OPTIONS", f"/v1/memories/{berlin}/"),
        ("PUT", f"/v1/memories/{berlin}/"),
        ("OPTIONS", f"/v1/memories/{sushi}/"),
        ("DELETE", f"/v1/memories/{sushi}/"),
        ("POST", "/v3/memories/search/"),  # its preflight is still in Chromium's cache (max-age)
    ]
    assert remotes == {"127.0.0.1"}
