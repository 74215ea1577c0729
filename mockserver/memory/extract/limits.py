"""Bounds on how much of a message is read, so work stays linear even on adversarial input."""

# Only this much of one message is read: enough for any chat turn, bounded for the hot path.
MAX_CHARS = 8_000
MAX_OBJECT_WORDS = 10
# Work stays linear in the message: a statement longer than this is not a short fact (and some
# patterns with two open slots are quadratic in the clause), and a message is read up to this
# many clauses.
MAX_CLAUSE_CHARS = 300
MAX_CLAUSES = 200
