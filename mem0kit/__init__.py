"""The `mem0-kit` command line and the pytest plugin: the layer above mockserver and contracts."""

__all__: list[str] = []
