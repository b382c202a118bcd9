"""Visits: who travelled to which country, when, and whether it happened or is planned."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.deps import DateFrom, DateTo, PagingDep, StatusParam, StoreDep, check_date_range, one_or_404
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import VisitPublic, VisitsPublic, page_of
from graph.views import VisitFilter

router = APIRouter(prefix="/visits", tags=["visits"], route_class=StoreRoute)


@router.get("", summary="List visits", response_model=VisitsPublic, responses=error_responses(422, 503))
def list_visits(
    store: StoreDep,
    page: PagingDep,
    visitor: Annotated[str | None, Query(description="The visitor: id or any spelling of the name.")] = None,
    host_country: Annotated[str | None, Query(description="The country visited (id or name).")] = None,
    country: Annotated[
        str | None, Query(description="The visitor's country or the host (id or name).")
    ] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    status: StatusParam = None,
) -> VisitsPublic:
    """Visits matching every filter given, newest first (undated last)."""
    check_date_range(date_from, date_to)
    flt = VisitFilter(
        visitor=visitor,
        host_country=host_country,
        country=country,
        date_from=date_from,
        date_to=date_to,
        status=status,
    )
    found = store.list_visits(flt, limit=page.limit, offset=page.offset)
    return page_of(VisitsPublic, found, page.limit, page.offset)


@router.get(
    "/{visit_id}", summary="One visit", response_model=VisitPublic, responses=error_responses(404, 422, 503)
)
def get_visit(store: StoreDep, visit_id: Annotated[str, Path(description="The visit's id.")]) -> VisitPublic:
    """A visit with visitor, host country, dates, topics and sources."""
    return one_or_404(VisitPublic, store.get_visit(visit_id), "visit", visit_id)
