"""Meetings: who met whom, when and where, with every sentence that reports it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import Field

from app.api.deps import Dated, StoreDep, one_or_404
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import MeetingPublic, MeetingsPublic, page_of
from graph.views import MeetingFilter

router = APIRouter(prefix="/meetings", tags=["meetings"], route_class=StoreRoute)


class MeetingQuery(Dated):
    """Filters of the list of meetings; every one given must hold."""

    person: str | None = Field(None, description="A participant: id or any spelling of the name.")
    with_: str | None = Field(
        None, alias="with", description="Another participant (the counterpart): id or name."
    )
    country: str | None = Field(None, description="A participant represents this country (id or name).")
    counterpart_country: str | None = Field(
        None, description="Another participant represents this country (id or name)."
    )
    kind: str | None = Field(None, description="Kind of meeting, e.g. `talks`, `phone call`.")
    place: str | None = Field(None, description="Place or country it was held in (id or name).")


@router.get(
    "",
    summary="List meetings",
    response_model=MeetingsPublic,
    responses=error_responses(422, 503),
    openapi_extra=MeetingQuery.doc(),
)
def list_meetings(store: StoreDep, request: Request) -> MeetingsPublic:
    """Meetings matching every filter given, newest first (undated last)."""
    q = MeetingQuery.read(request)
    flt = MeetingFilter(
        person=q.person,
        with_=q.with_,
        country=q.country,
        counterpart_country=q.counterpart_country,
        date_from=q.date_from,
        date_to=q.date_to,
        status=q.status,
        kind=q.kind,
        place=q.place,
    )
    found = store.list_meetings(flt, limit=q.limit, offset=q.offset)
    return page_of(MeetingsPublic, found, q.limit, q.offset)


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
