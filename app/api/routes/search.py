"""Entity search over names and aliases, ignoring case and diacritics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import MAX_LIMIT, StoreDep
from app.api.routing import StoreRoute
from app.errors import InvalidParameter, error_responses
from app.schemas import SearchHit, SearchResults
from graph.model import LABELS, Label

router = APIRouter(tags=["search"], route_class=StoreRoute)

LABEL_LIST = ", ".join(sorted(LABELS))


def parse_label(value: str | None) -> Label | None:
    """A label given in any case ("person" -> "Person"), or 422."""
    if not value:
        return None
    for label in LABELS:
        if label.lower() == value.strip().lower():
            return label  # type: ignore[return-value]  # a member of LABELS is a Label
    raise InvalidParameter(f"Unknown type {value!r}; use one of {LABEL_LIST}.")


@router.get(
    "/search", summary="Search entities", response_model=SearchResults, responses=error_responses(422, 503)
)
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Text to find in names and aliases.")],
    type: Annotated[str | None, Query(description=f"Only nodes of this type: {LABEL_LIST}.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most hits to return.")] = 20,
) -> SearchResults:
    """Nodes whose name or alias matches `q` (exact, then prefix, then substring), accents ignored."""
    nodes = store.search(q, parse_label(type), limit=limit)
    hits = [SearchHit(id=n.id, name=n.name, type=n.label, aliases=n.aliases) for n in nodes]
    return SearchResults(query=q, items=hits, total=len(hits))
