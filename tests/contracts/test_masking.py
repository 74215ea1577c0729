"""The key is masked where it stands (credential headers, values equal to it), never inside text."""

from __future__ import annotations

import itertools

import pytest

from contracts.masking import BODY, REDACTED, URL, key_spans, mask

# Keys that a substring replacement got wrong: one letter, a word that scope ids and sentences
# contain, and regular-expression metacharacters.
ONE_LETTER = "k"
SUBSTRING = "alex"
METACHARACTERS = r"a.b*(c)+?[d]^|{2}"


def masked_header(key: str, name: str, value: str) -> str:
    return mask(key, value, name)


@pytest.mark.parametrize("key", [ONE_LETTER, SUBSTRING, METACHARACTERS])
@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Token {key}", f"Token {REDACTED}"),
        ("Token {key}x", f"Token {REDACTED}x"),
        ("Bearer {key}", f"Bearer {REDACTED}"),
        ("{key}", REDACTED),
        ("Token", "Token"),
        ("Token mck-r1-not-a-key", "Token mck-r1-not-a-key"),
    ],
    ids=["token", "key-plus-a-character", "bearer", "no-scheme", "scheme-alone", "another-key"],
)
def test_authorization_masks_the_credential_not_the_scheme(
    key: str, template: str, expected: str
) -> None:
    for name in ("Authorization", "authorization", "Proxy-Authorization"):
        assert masked_header(key, name, template.format(key=key)) == expected


def test_a_key_that_is_a_prefix_of_the_scheme_leaves_the_scheme_alone() -> None:
    for key in ("T", "Tok", "Token"[:4]):
        assert masked_header(key, "Authorization", "Token") == "Token"
        assert masked_header(key, "Authorization", f"Token {key}") == f"Token {REDACTED}"
    assert masked_header("Token", "Authorization", "Token") == REDACTED  # it is the key


@pytest.mark.parametrize("key", [ONE_LETTER, SUBSTRING, METACHARACTERS])
def test_other_credential_headers_mask_their_values(key: str) -> None:
    assert masked_header(key, "X-Api-Key", key) == REDACTED
    assert masked_header(key, "X-API-KEY", key + "x") == REDACTED + "x"
    assert masked_header(key, "Cookie", f"theme=dark; session={key}; k={key}x") == (
        f"theme=dark; session={REDACTED}; k={REDACTED}x"
    )


@pytest.mark.parametrize("key", [ONE_LETTER, SUBSTRING, METACHARACTERS])
def test_other_headers_mask_only_a_value_equal_to_the_key(key: str) -> None:
    assert masked_header(key, "X-Request-Id", key) == REDACTED
    assert masked_header(key, "Content-Type", "application/json") == "application/json"
    assert masked_header(key, "X-Note", f"{key} {key}") == f"{key} {key}"


def test_scope_ids_and_words_that_contain_the_key_are_left_as_they_are() -> None:
    body = (
        '{"user_id": "mck-k1-alex-u0", "agent_id": "alexa", '
        '"messages": [{"role": "user", "content": "I like hiking with Alex and alex."}]}'
    )
    for key in (ONE_LETTER, SUBSTRING, "hi", "mck", "u"):
        assert mask(key, body, BODY) == body


@pytest.mark.parametrize("key", [ONE_LETTER, SUBSTRING, METACHARACTERS])
def test_a_json_string_or_a_whole_body_equal_to_the_key_is_masked(key: str) -> None:
    def body(first: str, second: str) -> str:
        return f'{{"user_id": "{first}", "nested": ["x", "{second}"], "note": "{key}!"}}'

    assert mask(key, body(key, key), BODY) == body(REDACTED, REDACTED)
    assert mask(key, key, BODY) == REDACTED
    assert mask(key, f"unknown key {key}", BODY) == f"unknown key {key}"


def test_a_json_string_is_compared_decoded() -> None:
    assert mask('q"uote', r'{"a": "q\"uote", "b": "q\"uoted"}', BODY) == (
        r'{"a": "<redacted>", "b": "q\"uoted"}'
    )
    assert mask("é", '{"a": "\\u00e9"}', BODY) == '{"a": "<redacted>"}'
    # A body cut in the middle of a string (an excerpt) is masked as far as it goes.
    assert mask("k", '[{"id": "k"}, {"id": "kk', BODY) == '[{"id": "<redacted>"}, {"id": "kk'


@pytest.mark.parametrize("key", [ONE_LETTER, SUBSTRING])
def test_a_url_masks_path_segments_and_query_values_equal_to_the_key(key: str) -> None:
    url = f"http://host.{key}/pre/v2/entities/user/{key}/?user_id={key}&note=mck-{key}&{key}=1"
    assert mask(key, url, URL) == (
        f"http://host.{key}/pre/v2/entities/user/{REDACTED}/?user_id={REDACTED}"
        f"&note=mck-{key}&{key}=1"
    )
    assert mask("a b", "/v1/x/?q=a%20b&r=a+b", URL) == f"/v1/x/?q={REDACTED}&r={REDACTED}"


def test_spans_are_ordered_and_apart() -> None:
    spans = key_spans("k", '["k", "k", "kk", "k"]', BODY)
    assert spans == sorted(spans)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
    assert len(spans) == 3


def test_an_empty_key_masks_nothing() -> None:
    assert key_spans("", "Token ", "Authorization") == []
    assert mask("", '{"a": ""}', BODY) == '{"a": ""}'
