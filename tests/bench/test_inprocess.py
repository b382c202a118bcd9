"""The in-process measurement answers the plan's queries as the server would, over the caller's store,
and the verdict splits the API's share of a request with it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Settings
from app.main import create_app
from bench import inprocess, queries
from bench.api_load import verdict
from bench.graphgen import Sizes, Universe, ensure_loaded
from bench.queries import ENDPOINTS, Query
from graph import open_store
from graph.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def universe() -> Universe:
    return Universe(Sizes.for_meetings(60, per_article=20), seed=0)


@pytest.fixture
def store(tmp_path: Path, universe: Universe) -> Iterator[EmbeddedStore]:
    opened = open_store(str(tmp_path / "store"))
    assert isinstance(opened, EmbeddedStore)
    ensure_loaded(opened, universe)
    yield opened
    opened.close()


def test_every_planned_query_is_answered_over_the_callers_store(
    store: EmbeddedStore, universe: Universe
) -> None:
    plans = {e: queries.plan(universe, e, 5) for e in ENDPOINTS}
    timed = inprocess.time_app(store, plans, duration=0.0, cache_mb=0)
    assert set(timed) == set(ENDPOINTS)
    for endpoint in ENDPOINTS:
        # at least one pass over the plan; search and a path between two people may find nothing (404)
        assert timed[endpoint]["requests"] == 5
        assert sum(timed[endpoint]["statuses"].values()) == 5
        assert set(timed[endpoint]["statuses"]) <= {"200", "404"}
        assert timed[endpoint]["latency_ms"]["p50"] > 0
    assert timed["meetings_by_person"]["statuses"] == {"200": 5}
    assert store.stats().nodes["Meeting"] == 60  # the app left the caller's store open


def test_a_call_is_answered_as_over_http(store: EmbeddedStore, universe: Universe) -> None:
    app = create_app(Settings(cache_mb=0), store=store)
    person = universe.people[0].id

    async def statuses() -> list[int]:
        async with app.router.lifespan_context(app):
            urls = [Query("timeline", (person,)).url(), "/people/person%3Anobody/timeline"]
            urls.append("/meetings?limit=0")
            return [await inprocess.call(app, url) for url in urls]

    assert asyncio.run(statuses()) == [200, 404, 422]
    scope = inprocess.scope_of("/graph/path?from=person%3Aa&to=b")
    assert (scope["path"], scope["raw_path"], scope["query_string"]) == (
        "/graph/path",
        b"/graph/path",
        b"from=person%3Aa&to=b",
    )
    assert inprocess.scope_of("/people/person%3Aa%20b/timeline")["path"] == "/people/person:a b/timeline"


def test_the_verdict_gives_the_apps_share_beside_the_servers() -> None:
    lat = {"latency_ms": {"p50": 2.0, "p99": 9.0}}
    api = {e: lat for e in ENDPOINTS}
    serial = {e: {"latency_ms": {"p50": 1.5}} for e in ENDPOINTS} | {"health": {"latency_ms": {"p50": 0.3}}}
    bare = {e: {"p50": 0.5} for e in ENDPOINTS}
    app = {e: {"latency_ms": {"p50": 0.9}} for e in ENDPOINTS if e != "search"}
    out = verdict("embedded", api, serial, bare, app)["endpoints"]
    assert (out["path"]["serial_api_over_bare_p50"], out["path"]["ratio_met"]) == (3.0, False)
    assert (out["path"]["app_p50_ms"], out["path"]["app_over_bare_p50"]) == (0.9, 1.8)
    assert "app_p50_ms" not in out["search"]  # not measured: not reported
    assert "app_p50_ms" not in verdict("embedded", api, serial, bare)["endpoints"]["path"]
