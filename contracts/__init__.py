"""Contract suites that judge any Mem0-compatible server at a base URL (under construction)."""

__all__: list[str] = []
