"""Who is central in the meeting network, and which groups of officials meet among themselves."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import DateFrom, DateTo, StoreDep, check_date_range, resolve_id
from app.errors import InvalidParameter, error_responses
from graph import GraphStore
from graph.analytics import (
    AnalyticsError,
    CentralityReport,
    CommunitiesReport,
    CommunityMethod,
    RankBy,
    centrality,
    communities,
)

router = APIRouter(prefix="/analytics", tags=["analytics"])

MAX_ITEMS = 500
CountryParam = Annotated[
    str | None, Query(description="Only events where someone of this country (id or name) took part.")
]
Limit = Annotated[int, Query(ge=1, le=MAX_ITEMS, description=f"Items returned, 1 to {MAX_ITEMS}.")]


def _country(store: GraphStore, country: str | None) -> str | None:
    return resolve_id(store, country, "Country", "country") if country else None


@router.get(
    "/centrality",
    summary="Central officials",
    response_model=CentralityReport,
    responses=error_responses(404, 422, 503),
)
def centrality_ranking(
    store: StoreDep,
    country: CountryParam = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 20,
    by: Annotated[
        RankBy, Query(description="Score to rank by: degree, betweenness or pagerank.")
    ] = "pagerank",
) -> CentralityReport:
    """Officials ranked by degree, betweenness or PageRank in the network of who met whom."""
    check_date_range(date_from, date_to)
    try:
        return centrality(store, _country(store, country), date_from, date_to, limit=limit, by=by)
    except AnalyticsError as exc:
        raise InvalidParameter(str(exc)) from exc


@router.get(
    "/communities",
    summary="Communities of officials",
    response_model=CommunitiesReport,
    responses=error_responses(404, 422, 503),
)
def community_detection(
    store: StoreDep,
    country: CountryParam = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    method: Annotated[
        CommunityMethod, Query(description="louvain (seeded) or greedy modularity.")
    ] = "louvain",
    limit: Limit = 20,
    min_size: Annotated[int, Query(ge=1, description="Smallest community listed.")] = 2,
) -> CommunitiesReport:
    """Groups of officials who meet each other more than they meet others, largest first."""
    check_date_range(date_from, date_to)
    try:
        return communities(
            store, _country(store, country), date_from, date_to, method=method, limit=limit, min_size=min_size
        )
    except AnalyticsError as exc:
        raise InvalidParameter(str(exc)) from exc
