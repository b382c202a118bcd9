"""Choose a backend from one location string: a directory (embedded) or a bolt:// / neo4j:// URI."""

from __future__ import annotations

from graph.store import GraphStore

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def is_neo4j(location: str) -> bool:
    return location.startswith(NEO4J_SCHEMES)


def open_store(
    location: str,
    *,
    user: str = "neo4j",
    password: str = "",
    database: str = "neo4j",
    timeout: float = 5.0,
    shared: bool = False,
) -> GraphStore:
    """Open the store at `location`; Neo4j constraints and indexes are created on open. `shared`: an
    embedded store written by several processes at once (API workers; see graph/embedded.py)."""
    if is_neo4j(location):
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(location, user=user, password=password, database=database, timeout=timeout)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(location, shared=shared)
