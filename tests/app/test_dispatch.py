"""Where reads run: on the event loop for the in-memory store, in worker threads for Neo4j, and
writes and heavy reads (exports, analytics) always in worker threads."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.api.routes import ROUTERS, analytics, exports
from app.api.routing import StoreRoute, add_routes
from app.config import Settings
from app.main import create_app
from graph.embedded import EmbeddedStore
from graph.embedded_search import LabelIndex
from graph.neo4j_store import Neo4jStore
from tests.app.conftest import app_store, settings_for
from tests.conftest import record_calls
from tests.graph import factories as f


def on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture(scope="module")
def client(
    api_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(api_backend, request, tmp_path_factory))) as client:
        store = app_store(client)
        store.clear()
        store.upsert_many([f.kenya_japan(), f.second_report()])
        yield client


def store_class(backend: str) -> type:
    return EmbeddedStore if backend == "embedded" else Neo4jStore


def spy(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[bool]:
    """Record, for every call of `cls.name`, whether it ran on the event loop's thread."""
    return record_calls(monkeypatch, cls, name, lambda *a, **k: on_event_loop())


def test_reads_run_on_the_loop_only_for_the_embedded_store(
    client: TestClient, api_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = store_class(api_backend)
    meetings, timelines = spy(monkeypatch, cls, "list_meetings"), spy(monkeypatch, cls, "timeline")
    listed = client.get("/meetings")
    assert listed.status_code == 200 and listed.json()["total"] > 0
    person = client.get("/people", params={"limit": 1}).json()["items"][0]["id"]
    assert client.get(f"/people/{person}/timeline").status_code == 200
    expected = api_backend == "embedded"
    assert meetings == [expected] and timelines == [expected]


def test_an_article_read_uses_its_index_like_the_other_reads(
    client: TestClient, api_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = store_class(api_backend)
    citing, scans = spy(monkeypatch, cls, "relationships_citing"), spy(monkeypatch, cls, "iter_relationships")
    detail = client.get(f"/articles/{f.ART_B}")
    assert detail.status_code == 200 and {t["article"] for t in detail.json()["triples"]} == {f.ART_B}
    assert citing == [api_backend == "embedded"] and scans == []


def test_writes_and_heavy_reads_keep_the_thread_pool(
    client: TestClient, api_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = store_class(api_backend)
    deletes = spy(monkeypatch, cls, "delete_article")
    article = client.get("/articles", params={"limit": 1}).json()["items"][0]["id"]
    assert client.delete(f"/articles/{article}").status_code in (200, 204)
    assert deletes and not any(deletes)
    exported = spy(monkeypatch, cls, "iter_nodes")
    assert client.get("/export", params={"format": "json"}).status_code == 200
    assert exported and not any(exported)


def test_only_synchronous_reads_of_light_routers_are_wrapped() -> None:
    heavy = {id(exports.router), id(analytics.router)}
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            light = id(router) not in heavy
            assert isinstance(route, StoreRoute) == light, route.path
            is_read = route.methods <= {"GET", "HEAD"}
            assert inspect.iscoroutinefunction(route.endpoint) == (light and is_read), route.path


def test_the_search_index_is_built_at_start_not_by_a_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.upsert_many([f.kenya_japan(), f.second_report()])
    store.close()
    builds = record_calls(monkeypatch, LabelIndex, "__init__")
    with TestClient(create_app(Settings(store=str(tmp_path / "store")))) as client:
        at_start = len(builds)
        assert at_start > 0
        found = client.get("/search", params={"q": "wekesa"})
        assert found.status_code == 200 and found.json()["items"][0]["id"] == f.WEKESA
        assert len(builds) == at_start


def test_the_app_serves_the_routers_routes_flat_in_their_order(tmp_path: Path) -> None:
    app = create_app(Settings(store=str(tmp_path / "store")))
    ours = [route for router in ROUTERS for route in router.routes]
    served = [route for route in app.router.routes if isinstance(route, APIRoute)]
    assert served == ours  # the same objects, on the app's router: no included-router branch to walk
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        wrong = client.put("/health")
        assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
        assert client.get("/no/such/route").json()["error"]["code"] == "not_found"


def test_a_router_with_event_handlers_is_refused(tmp_path: Path) -> None:
    router = APIRouter()
    router.add_event_handler("startup", lambda: None)
    app = create_app(Settings(store=str(tmp_path / "store")))
    with pytest.raises(ValueError, match="event handlers"):
        add_routes(app, [router])
