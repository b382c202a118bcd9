"""People: the officials the articles name, their positions, timelines and meetings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import Field

from app.api.deps import Dated, Paging, StoreDep, resolve_id
from app.api.routing import StoreRoute
from app.errors import NotFound, error_responses
from app.schemas import MeetingsPublic, PeoplePublic, PersonPublic, TimelinePublic, as_public, page_of
from graph import GraphStore
from graph.views import MeetingFilter, PersonView

router = APIRouter(prefix="/people", tags=["people"], route_class=StoreRoute)

PersonId = Annotated[str, Path(description="A person id, or any spelling of the person's name.")]


def find_person(store: GraphStore, reference: str) -> PersonView:
    """The person an id or a name refers to, else 404."""
    person = store.get_person(reference)
    if person is None:
        person = store.get_person(resolve_id(store, reference, "Person", "person"))
    if person is None:
        raise NotFound(f"No person matches {reference!r}.")
    return person


class PeopleQuery(Paging):
    q: str | None = Field(None, description="Part of a name or alias; case and accents ignored.")
    country: str | None = Field(None, description="Country id or name the person represents.")


@router.get(
    "",
    summary="List people",
    response_model=PeoplePublic,
    responses=error_responses(422, 503),
    openapi_extra=PeopleQuery.doc(),
)
def list_people(store: StoreDep, request: Request) -> PeoplePublic:
    """People with aliases, country and positions, ordered by name."""
    query = PeopleQuery.read(request)
    found = store.list_people(q=query.q, country=query.country, limit=query.limit, offset=query.offset)
    return page_of(PeoplePublic, found, query.limit, query.offset)


@router.get(
    "/{person_id}/timeline",
    summary="A person's timeline",
    response_model=TimelinePublic,
    responses=error_responses(404, 422, 503),
    openapi_extra=Paging.doc(),
)
def person_timeline(store: StoreDep, request: Request, person_id: PersonId) -> TimelinePublic:
    """The meetings, visits and sessions of a person, oldest first (undated last), a page at a time."""
    page = Paging.read(request)
    window = {"limit": page.limit, "offset": page.offset}
    found = store.timeline(person_id, **window)  # references are mostly ids: one read, names resolved after
    if found is None:
        found = store.timeline(resolve_id(store, person_id, "Person", "person"), **window)  # a name
    if found is None:
        raise NotFound(f"No person matches {person_id!r}.")
    return TimelinePublic(person=found.person, items=found.items, total=found.total, **window)


@router.get(
    "/{person_id}/meetings",
    summary="A person's meetings",
    response_model=MeetingsPublic,
    responses=error_responses(404, 422, 503),
    openapi_extra=Dated.doc(),
)
def person_meetings(store: StoreDep, request: Request, person_id: PersonId) -> MeetingsPublic:
    """Meetings a person took part in, newest first."""
    q = Dated.read(request)
    person = find_person(store, person_id)
    flt = MeetingFilter(person=person.id, date_from=q.date_from, date_to=q.date_to, status=q.status)
    found = store.list_meetings(flt, limit=q.limit, offset=q.offset)
    return page_of(MeetingsPublic, found, q.limit, q.offset)


@router.get(
    "/{person_id}",
    summary="One person",
    response_model=PersonPublic,
    responses=error_responses(404, 422, 503),
)
def get_person(store: StoreDep, person_id: PersonId) -> PersonPublic:
    """A person with aliases, country and every position held, with as_of dates and sources."""
    return as_public(PersonPublic, find_person(store, person_id))
