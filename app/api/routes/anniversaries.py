"""Anniversaries being marked: of diplomatic relations, treaties, partnerships."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import Field

from app.api.deps import Paging, StoreDep
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import AnniversariesPublic, page_of

router = APIRouter(prefix="/anniversaries", tags=["anniversaries"], route_class=StoreRoute)


class AnniversaryQuery(Paging):
    year: int | None = Field(None, ge=1, le=9999, description="Year the anniversary is marked.")
    country: str | None = Field(None, description="A country concerned (id or name).")


@router.get(
    "",
    summary="List anniversaries",
    response_model=AnniversariesPublic,
    responses=error_responses(422, 503),
    openapi_extra=AnniversaryQuery.doc(),
)
def list_anniversaries(store: StoreDep, request: Request) -> AnniversariesPublic:
    """Anniversaries with ordinal, subject, the year marked and the countries concerned."""
    q = AnniversaryQuery.read(request)
    found = store.list_anniversaries(year=q.year, country=q.country, limit=q.limit, offset=q.offset)
    return page_of(AnniversariesPublic, found, q.limit, q.offset)
