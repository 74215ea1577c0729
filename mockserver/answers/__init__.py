"""What the mock answers: the request pipeline's gates, the testers' controls, one module per
operation family. Importing the package registers every family's answers (`registry.ANSWERS`)."""

from mockserver.answers import (
    batch,
    by_id,
    entities,
    events,
    listing,
    memories,
    memories_v3,
    ping,
    searching,
)
from mockserver.answers.registry import ANSWERS

__all__ = [
    "ANSWERS",
    "batch",
    "by_id",
    "entities",
    "events",
    "listing",
    "memories",
    "memories_v3",
    "ping",
    "searching",
]
