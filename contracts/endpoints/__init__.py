"""Checks of one endpoint each, outside the seven rules: `ping` (first in a report) and
`event-lookup` (last)."""
