"""Entity search over names and aliases, ignoring case and diacritics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import Field

from app.api.deps import MAX_LIMIT, StoreDep
from app.api.params import QueryModel
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


class SearchQuery(QueryModel):
    q: str = Field(min_length=1, max_length=200, description="Text to find in names and aliases.")
    type: str | None = Field(None, description=f"Only nodes of this type: {LABEL_LIST}.")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Most hits to return.")


@router.get(
    "/search",
    summary="Search entities",
    response_model=SearchResults,
    responses=error_responses(422, 503),
    openapi_extra=SearchQuery.doc(),
)
def search(store: StoreDep, request: Request) -> SearchResults:
    """Nodes whose name or alias matches `q` (exact, then prefix, then substring), accents ignored."""
    query = SearchQuery.read(request)
    nodes = store.search(query.q, parse_label(query.type), limit=query.limit)
    hits = [SearchHit(id=n.id, name=n.name, type=n.label, aliases=n.aliases) for n in nodes]
    return SearchResults(query=query.q, items=hits, total=len(hits))
