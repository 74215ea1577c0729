"""Checks of one endpoint each, outside the rules: `ping` (first in a report) and
`event-lookup` (last)."""
