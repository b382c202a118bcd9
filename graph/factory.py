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
    generation_lag: float = 0.25,
) -> GraphStore:
    """Open the store at `location`; Neo4j constraints and indexes are created on open. `shared`: an
    embedded store written by several processes at once (API workers; see graph/embedded.py).
    `generation_lag`: how old Neo4j's view of writes by other clients may be (GraphStore.generation)."""
    if is_neo4j(location):
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(
            location,
            user=user,
            password=password,
            database=database,
            timeout=timeout,
            generation_lag=generation_lag,
        )
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(location, shared=shared)
