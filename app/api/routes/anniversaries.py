"""Anniversaries being marked: of diplomatic relations, treaties, partnerships."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import PagingDep, StoreDep
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import AnniversariesPublic, page_of

router = APIRouter(prefix="/anniversaries", tags=["anniversaries"], route_class=StoreRoute)


@router.get(
    "", summary="List anniversaries", response_model=AnniversariesPublic, responses=error_responses(422, 503)
)
def list_anniversaries(
    store: StoreDep,
    page: PagingDep,
    year: Annotated[int | None, Query(ge=1, le=9999, description="Year the anniversary is marked.")] = None,
    country: Annotated[str | None, Query(description="A country concerned (id or name).")] = None,
) -> AnniversariesPublic:
    """Anniversaries with ordinal, subject, the year marked and the countries concerned."""
    found = store.list_anniversaries(year=year, country=country, limit=page.limit, offset=page.offset)
    return page_of(AnniversariesPublic, found, page.limit, page.offset)
