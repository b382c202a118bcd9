"""Meetings: who met whom, when and where, with every sentence that reports it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.deps import DateFrom, DateTo, PagingDep, StatusParam, StoreDep, check_date_range, one_or_404
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import MeetingPublic, MeetingsPublic, page_of
from graph.views import MeetingFilter

router = APIRouter(prefix="/meetings", tags=["meetings"], route_class=StoreRoute)


@router.get("", summary="List meetings", response_model=MeetingsPublic, responses=error_responses(422, 503))
def list_meetings(
    store: StoreDep,
    page: PagingDep,
    person: Annotated[str | None, Query(description="A participant: id or any spelling of the name.")] = None,
    with_: Annotated[
        str | None, Query(alias="with", description="Another participant (the counterpart): id or name.")
    ] = None,
    country: Annotated[
        str | None, Query(description="A participant represents this country (id or name).")
    ] = None,
    counterpart_country: Annotated[
        str | None, Query(description="Another participant represents this country (id or name).")
    ] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    status: StatusParam = None,
    kind: Annotated[str | None, Query(description="Kind of meeting, e.g. `talks`, `phone call`.")] = None,
    place: Annotated[str | None, Query(description="Place or country it was held in (id or name).")] = None,
) -> MeetingsPublic:
    """Meetings matching every filter given, newest first (undated last)."""
    check_date_range(date_from, date_to)
    flt = MeetingFilter(
        person=person,
        with_=with_,
        country=country,
        counterpart_country=counterpart_country,
        date_from=date_from,
        date_to=date_to,
        status=status,
        kind=kind,
        place=place,
    )
    found = store.list_meetings(flt, limit=page.limit, offset=page.offset)
    return page_of(MeetingsPublic, found, page.limit, page.offset)


@router.get(
    "/{meeting_id}",
    summary="One meeting",
    response_model=MeetingPublic,
    responses=error_responses(404, 422, 503),
)
def get_meeting(
    store: StoreDep, meeting_id: Annotated[str, Path(description="The meeting's id.")]
) -> MeetingPublic:
    """A meeting with participants, place, the event it was on the sidelines of, topics and sources."""
    return one_or_404(MeetingPublic, store.get_meeting(meeting_id), "meeting", meeting_id)
