"""Countries and the bilateral dossier of a pair of them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from app.api.deps import Paging, StoreDep, resolve_id
from app.api.routing import StoreRoute
from app.errors import InvalidParameter, NotFound, error_responses
from app.schemas import CountriesPublic, CountryPublic, DossierPublic, as_public, page_of
from graph import GraphStore
from graph.dossier import bilateral_dossier

router = APIRouter(prefix="/countries", tags=["countries"], route_class=StoreRoute)

CountryRef = Annotated[str, Path(description='A country id ("country:vn") or name ("Vietnam", "Viet Nam").')]


def find_country(store: GraphStore, reference: str) -> CountryPublic:
    node = store.get_node(reference)
    if node is None or node.label != "Country":
        node = store.get_node(resolve_id(store, reference, "Country", "country"))
    if node is None:
        raise NotFound(f"No country matches {reference!r}.")
    return CountryPublic(id=node.id, name=node.name, aliases=node.aliases)


@router.get(
    "",
    summary="List countries",
    response_model=CountriesPublic,
    responses=error_responses(422, 503),
    openapi_extra=Paging.doc(),
)
def list_countries(store: StoreDep, request: Request) -> CountriesPublic:
    """Countries the articles mention, ordered by name."""
    page = Paging.read(request)
    found = store.list_nodes("Country", limit=page.limit, offset=page.offset)
    return page_of(CountriesPublic, found, page.limit, page.offset)


@router.get(
    "/{country}",
    summary="One country",
    response_model=CountryPublic,
    responses=error_responses(404, 422, 503),
)
def get_country(store: StoreDep, country: CountryRef) -> CountryPublic:
    """A country found by id or by any of its names."""
    return find_country(store, country)


@router.get(
    "/{a}/relations/{b}",
    summary="Bilateral dossier",
    response_model=DossierPublic,
    responses=error_responses(404, 422, 503),
)
def relations(store: StoreDep, a: CountryRef, b: CountryRef) -> DossierPublic:
    """Partnership, meetings per year, visits, mechanisms, planned events, anniversaries, officials."""
    # The references are tried as ids first: one store read. Names are resolved only when that fails.
    dossier = bilateral_dossier(store, a, b) if a != b else None
    if dossier is None:
        first, second = find_country(store, a), find_country(store, b)
        if first.id == second.id:
            raise InvalidParameter(f"{a!r} and {b!r} are the same country; a dossier needs two.")
        dossier = bilateral_dossier(store, first.id, second.id)
        if dossier is None:  # deleted since
            raise NotFound(f"No country matches {a!r} and {b!r} any more.")
    return as_public(DossierPublic, dossier)
