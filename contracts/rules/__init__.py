"""The behavioural rules of docs/CONTRACT.md, one module each.

    ids.py          rule 1   ids are unique, an ADD id is new in its scope
    live_scope.py   rule 2   an UPDATE or DELETE names a live memory of the same scope
    immutable.py    rule 3   an immutable memory is never UPDATEd or DELETEd
    verbatim.py     rule 4   infer: false stores the messages verbatim
    shape.py        rule 5   the answer's shape follows output_format and async_mode
    validation.py   rule 6   schema-breaking requests get a 4xx, valid ones never do
    auth.py         rule 7   no valid key, 401 on every operation
    read_your_writes.py  rule 8   live memories are read back with their text, deleted ones not
    scope_isolation.py   rule 9   a read of a scope shows only what its ids admit
    history.py           rule 10  history rows are the events seen
    v3_add.py            rule 11  the v3 add only ADDs, is queued, drops exact repeats

Each module holds its rule's number, slug and words (a `Rule`), its check (registered with
`@check` where it is defined) and what decides that the run exercised it. Rules 1-5 are judged on
the answers to played conversations: `hypothesis_search.py` draws the sequences (each rule leaning
its draws its own way, its `Focus`), `sequences.py` plays them (`SequencePlayer`), and
`observed_memories.py` is the client's model of the server's memories against which rules 1-3 are
judged. Rule 6 sends the targeted requests of `validation_probes.py`. Rules 8-10 play the same
way over overlapping scopes and then read back (`reads.py` makes the reads, `read_back.py` judges
them, `read_back_focus.py` is their shared search); rule 11 plays v3 adds (`v3_answers.py`).
"""
