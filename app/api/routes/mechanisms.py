"""Cooperation mechanisms (commissions, committees, dialogues) and their numbered sessions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.deps import PagingDep, StoreDep, one_or_404
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import MechanismPublic, MechanismsPublic, page_of

router = APIRouter(prefix="/mechanisms", tags=["mechanisms"], route_class=StoreRoute)


@router.get(
    "", summary="List mechanisms", response_model=MechanismsPublic, responses=error_responses(422, 503)
)
def list_mechanisms(
    store: StoreDep,
    page: PagingDep,
    country: Annotated[str | None, Query(description="A member country (id or name).")] = None,
    partner: Annotated[
        str | None, Query(description="Another member country: mechanisms between `country` and it.")
    ] = None,
) -> MechanismsPublic:
    """Mechanisms with their countries, sessions ordered by number, and co-chairs."""
    found = store.list_mechanisms(country=country, limit=page.limit, offset=page.offset, partner=partner)
    return page_of(MechanismsPublic, found, page.limit, page.offset)


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
