"""A deterministic, stateful mock of Mem0's add-memories API (under construction)."""

__all__: list[str] = []
