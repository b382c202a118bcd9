"""Visits: who travelled to which country, when, and whether it happened or is planned."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import Field

from app.api.deps import Dated, StoreDep, one_or_404
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import VisitPublic, VisitsPublic, page_of
from graph.views import VisitFilter

router = APIRouter(prefix="/visits", tags=["visits"], route_class=StoreRoute)


class VisitQuery(Dated):
    """Filters of the list of visits; every one given must hold."""

    visitor: str | None = Field(None, description="The visitor: id or any spelling of the name.")
    host_country: str | None = Field(None, description="The country visited (id or name).")
    country: str | None = Field(None, description="The visitor's country or the host (id or name).")


@router.get(
    "",
    summary="List visits",
    response_model=VisitsPublic,
    responses=error_responses(422, 503),
    openapi_extra=VisitQuery.doc(),
)
def list_visits(store: StoreDep, request: Request) -> VisitsPublic:
    """Visits matching every filter given, newest first (undated last)."""
    q = VisitQuery.read(request)
    flt = VisitFilter(
        visitor=q.visitor,
        host_country=q.host_country,
        country=q.country,
        date_from=q.date_from,
        date_to=q.date_to,
        status=q.status,
    )
    found = store.list_visits(flt, limit=q.limit, offset=q.offset)
    return page_of(VisitsPublic, found, q.limit, q.offset)


@router.get(
    "/{visit_id}", summary="One visit", response_model=VisitPublic, responses=error_responses(404, 422, 503)
)
def get_visit(store: StoreDep, visit_id: Annotated[str, Path(description="The visit's id.")]) -> VisitPublic:
    """A visit with visitor, host country, dates, topics and sources."""
    return one_or_404(VisitPublic, store.get_visit(visit_id), "visit", visit_id)
