"""Domain model, the GraphStore contract and its backends, exports and analytics."""

from graph.errors import GraphError, InvalidExtraction, StoreCorrupt, StoreUnavailable
from graph.factory import open_store
from graph.model import Evidence, Extraction, Label, Node, Relationship, RelType, Triple, fold, slug
from graph.store import GraphStore, UpsertResult

__all__ = [
    "Evidence",
    "Extraction",
    "GraphError",
    "GraphStore",
    "InvalidExtraction",
    "Label",
    "Node",
    "RelType",
    "Relationship",
    "StoreCorrupt",
    "StoreUnavailable",
    "Triple",
    "UpsertResult",
    "fold",
    "open_store",
    "slug",
]
