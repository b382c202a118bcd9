"""The graph package's exceptions: one base, mapped to HTTP answers in one place by the app."""


class GraphError(Exception):
    """Base of every error raised by graph/."""


class StoreUnavailable(GraphError):
    """The backend does not answer (Neo4j down, unreachable, or timed out)."""


class InvalidExtraction(GraphError):
    """An Extraction that cannot be stored as it is (dangling relationship, unknown label...)."""


class StoreCorrupt(GraphError):
    """The embedded store's files cannot be read."""
