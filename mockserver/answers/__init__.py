"""What the mock answers: the request pipeline's gates, the testers' controls, one module per
operation family. Importing the package registers every family's answers (`registry.ANSWERS`)."""

from mockserver.answers import events, memories, ping
from mockserver.answers.registry import ANSWERS

__all__ = ["ANSWERS", "events", "memories", "ping"]
