"""The journal's bounds and rendering."""

from __future__ import annotations

from mockserver.state.journal import Journal, JournalEntry


def entry(journal: Journal, size: int = 1, body: bytes | None = None) -> JournalEntry:
    """An entry whose request and response bodies hold `size` bytes together."""
    seq = journal.next_seq()
    headers = ((b"Authorization", b"Token secret-key"), (b"X-A", b"1"))
    response = b"%d" % seq
    body = b"x" * max(size - len(response), 0) if body is None else body
    return JournalEntry(seq, "GET", "/p", "", headers, body, 200, response)


def test_entries_are_rendered_with_lowercase_headers_and_a_masked_key() -> None:
    journal = Journal(10, 1000)
    journal.record(entry(journal, body=b'{"messages": []}'))
    (rendered,) = [e.as_json() for e in journal.entries()]
    assert rendered["headers"] == {"authorization": "Token secr****", "x-a": "1"}
    assert rendered["body"] == {"messages": []}
    assert rendered["response"] == 1


def test_bodies_that_are_not_json_are_shown_as_their_text() -> None:
    journal = Journal(10, 1000)
    for raw in (b"", b"not json", b'{"n": NaN}', b"bad \xff byte"):
        journal.record(entry(journal, body=raw))
    shown = [e.as_json()["body"] for e in journal.entries()]
    assert shown == [None, "not json", '{"n": NaN}', "bad \ufffd byte"]


def test_the_oldest_go_first_by_count_and_by_bytes_but_the_newest_stays() -> None:
    journal = Journal(3, 100)
    for size in (10, 10, 10, 10):
        journal.record(entry(journal, size))
    assert [e.seq for e in journal.entries()] == [2, 3, 4]
    journal.record(entry(journal, 81))
    assert [e.seq for e in journal.entries()] == [4, 5]
    journal.record(entry(journal, 500))
    assert [e.seq for e in journal.entries()] == [6]
    assert journal.total == 6


def test_size_zero_keeps_nothing_but_still_counts() -> None:
    journal = Journal(0, 1000)
    journal.record(entry(journal))
    assert len(journal) == 0
    assert journal.total == 1


def test_reset_starts_the_sequence_again() -> None:
    journal = Journal(5, 1000)
    journal.record(entry(journal, 50))
    journal.reset()
    assert (len(journal), journal.total) == (0, 0)
    assert entry(journal).seq == 1
