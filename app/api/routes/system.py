"""Health and counts."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Literal

from fastapi import APIRouter, Response

from app.api.deps import StoreDep, StoreHolderDep
from app.api.routing import StoreRoute
from app.errors import error_responses
from app.schemas import HealthPublic, StatsPublic, as_public
from graph.errors import GraphError

router = APIRouter(tags=["system"], route_class=StoreRoute)


@cache
def app_version() -> str:
    """The installed package's version, read once per process: reading the package metadata scans
    sys.path (~0.3 ms), which every GET /health paid before."""
    try:
        return version("diplograph")
    except PackageNotFoundError:
        return "0+unknown"


@router.get("/stats", summary="Counts", response_model=StatsPublic, responses=error_responses(503))
def stats(store: StoreDep) -> StatsPublic:
    """Nodes per label and relationships per type."""
    return as_public(StatsPublic, store.stats())


@router.get(
    "/health",
    summary="Health",
    response_model=HealthPublic,
    responses={503: {"model": HealthPublic, "description": "The graph store does not answer."}},
)
def health(holder: StoreHolderDep, response: Response) -> HealthPublic:
    """Whether the graph store answers: 200 `ok`, else 503 `unavailable`."""
    message = None
    try:
        ok = holder.get().ping()
    except GraphError as exc:
        ok, message = False, str(exc) or type(exc).__name__
    if not ok:
        response.status_code = 503
        message = message or "The graph store did not answer."
    status: Literal["ok", "unavailable"] = "ok" if ok else "unavailable"
    return HealthPublic(status=status, backend=holder.backend, version=app_version(), message=message)
