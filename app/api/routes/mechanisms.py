"""Cooperation mechanisms (commissions, committees, dialogues) and their numbered sessions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import Field

from app.api.deps import Paging, StoreDep, one_or_404
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import MechanismPublic, MechanismsPublic, page_of

router = APIRouter(prefix="/mechanisms", tags=["mechanisms"], route_class=StoreRoute)


class MechanismQuery(Paging):
    country: str | None = Field(None, description="A member country (id or name).")
    partner: str | None = Field(
        None, description="Another member country: mechanisms between `country` and it."
    )


@router.get(
    "",
    summary="List mechanisms",
    response_model=MechanismsPublic,
    responses=error_responses(422, 503),
    openapi_extra=MechanismQuery.doc(),
)
def list_mechanisms(store: StoreDep, request: Request) -> MechanismsPublic:
    """Mechanisms with their countries, sessions ordered by number, and co-chairs."""
    q = MechanismQuery.read(request)
    found = store.list_mechanisms(country=q.country, limit=q.limit, offset=q.offset, partner=q.partner)
    return page_of(MechanismsPublic, found, q.limit, q.offset)


@router.get(
    "/{mechanism_id}",
    summary="One mechanism",
    response_model=MechanismPublic,
    responses=error_responses(404, 422, 503),
)
def get_mechanism(
    store: StoreDep, mechanism_id: Annotated[str, Path(description="The mechanism's id.")]
) -> MechanismPublic:
    """A mechanism with its countries, every session (ordered by number) and its sources."""
    return one_or_404(MechanismPublic, store.get_mechanism(mechanism_id), "mechanism", mechanism_id)
