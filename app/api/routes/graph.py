"""The graph around a node, and the shortest path between two."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import Field

from app.api.deps import StoreDep, resolve_id
from app.api.params import QueryModel
from app.api.routing import StoreRoute
from app.errors import NotFound, error_responses
from app.schemas import PathPublic, SubgraphPublic, path_public, subgraph_public
from graph import GraphStore

router = APIRouter(prefix="/graph", tags=["graph"], route_class=StoreRoute)

MAX_DEPTH = 3
MAX_HOPS = 6
EVIDENCE = 5
MAX_EVIDENCE = 1000


class Shown(QueryModel):
    evidence: int = Field(
        EVIDENCE,
        ge=0,
        le=MAX_EVIDENCE,
        description=f"Sentences shown per relationship, 0 to {MAX_EVIDENCE} (`evidence_total` counts all).",
    )


class Around(Shown):
    depth: int = Field(1, ge=1, le=MAX_DEPTH, description=f"Hops either way, 1 to {MAX_DEPTH}.")


class Between(Shown):
    from_: str = Field(alias="from", description="Start: a node id or a name.")
    to: str = Field(description="End: a node id or a name.")
    max_hops: int = Field(MAX_HOPS, ge=1, le=MAX_HOPS, description=f"Longest path tried, 1 to {MAX_HOPS}.")


def node_id(store: GraphStore, reference: str) -> str:
    """The id itself when a node has it, else the one node a name refers to."""
    if store.get_node(reference) is not None:
        return reference
    return resolve_id(store, reference, None, "node")


@router.get(
    "/neighborhood/{node:path}",
    summary="Neighbourhood of a node",
    response_model=SubgraphPublic,
    responses=error_responses(404, 422, 503),
    openapi_extra=Around.doc(),
)
def neighborhood(
    store: StoreDep,
    request: Request,
    node: Annotated[str, Path(description="A node id, or a name that names one node.")],
) -> SubgraphPublic:
    """Nodes within `depth` hops and the relationships among them (articles left out; each node says
    how many articles cite it, each relationship how many sentences state it)."""
    q = Around.read(request)
    return subgraph_public(store.neighborhood(node_id(store, node), depth=q.depth), q.evidence)


@router.get(
    "/path",
    summary="Shortest path",
    response_model=PathPublic,
    responses=error_responses(404, 422, 503),
    openapi_extra=Between.doc(),
)
def shortest_path(store: StoreDep, request: Request) -> PathPublic:
    """One shortest path between two nodes, in path order (articles avoided); each relationship with
    its first `evidence` sentences and their number."""
    q = Between.read(request)
    from_, to, max_hops = q.from_, q.to, q.max_hops
    # References are mostly ids: try them as such (one read), and resolve names only when that fails.
    found = store.shortest_path(from_, to, max_hops=max_hops)
    if found is None:
        start, end = node_id(store, from_), node_id(store, to)
        if (start, end) != (from_, to):
            found = store.shortest_path(start, end, max_hops=max_hops)
    if found is None:
        raise NotFound(f"No path of at most {max_hops} hops joins {from_!r} and {to!r}.")
    return path_public(found, q.evidence)
