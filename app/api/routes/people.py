"""People: the officials the articles name, their positions, timelines and meetings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.deps import DateFrom, DateTo, PagingDep, StatusParam, StoreDep, check_date_range, resolve_id
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


@router.get("", summary="List people", response_model=PeoplePublic, responses=error_responses(422, 503))
def list_people(
    store: StoreDep,
    page: PagingDep,
    q: Annotated[str | None, Query(description="Part of a name or alias; case and accents ignored.")] = None,
    country: Annotated[str | None, Query(description="Country id or name the person represents.")] = None,
) -> PeoplePublic:
    """People with aliases, country and positions, ordered by name."""
    found = store.list_people(q=q, country=country, limit=page.limit, offset=page.offset)
    return page_of(PeoplePublic, found, page.limit, page.offset)


@router.get(
    "/{person_id}/timeline",
    summary="A person's timeline",
    response_model=TimelinePublic,
    responses=error_responses(404, 422, 503),
)
def person_timeline(store: StoreDep, page: PagingDep, person_id: PersonId) -> TimelinePublic:
    """The meetings, visits and sessions of a person, oldest first (undated last), a page at a time."""
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
)
def person_meetings(
    store: StoreDep,
    page: PagingDep,
    person_id: PersonId,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    status: StatusParam = None,
) -> MeetingsPublic:
    """Meetings a person took part in, newest first."""
    check_date_range(date_from, date_to)
    person = find_person(store, person_id)
    flt = MeetingFilter(person=person.id, date_from=date_from, date_to=date_to, status=status)
    found = store.list_meetings(flt, limit=page.limit, offset=page.offset)
    return page_of(MeetingsPublic, found, page.limit, page.offset)


@router.get(
    "/{person_id}",
    summary="One person",
    response_model=PersonPublic,
    responses=error_responses(404, 422, 503),
)
def get_person(store: StoreDep, person_id: PersonId) -> PersonPublic:
    """A person with aliases, country and every position held, with as_of dates and sources."""
    return as_public(PersonPublic, find_person(store, person_id))
