"""The answer cache (app/cache.py): repeated reads are served again until the graph changes, by
whichever process changes it; what must not be cached is not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.cache import Answer, AnswerCache
from app.config import Settings
from app.main import create_app
from graph import GraphStore, StoreUnavailable
from tests.app.conftest import app_store, serving, settings_for
from tests.conftest import Neo4jServer
from tests.graph import factories as f

READS = [
    f"/people/{f.WEKESA}/timeline",
    f"/meetings?person={f.WEKESA}",
    "/countries/Kenya/relations/Japan",
    f"/graph/path?from={f.WEKESA}&to={f.NUNEZ}",
    "/search?q=wekesa",
    "/stats",
]


def cached_get(client: TestClient, url: str, expect: str | None) -> Any:
    """GET `url`, check it is a 200 whose X-Cache header is `expect` (None: no header), give the body."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers.get("x-cache") == expect, url
    assert int(response.headers["content-length"]) == len(response.content)
    return response.json()


@pytest.fixture
def client(
    api_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """An app over article A only, with Neo4j's generation probed on every request (no lag)."""
    with serving(settings_for(api_backend, request, tmp_path_factory, cache_lag=0.0), [f.kenya_japan()]) as c:
        yield c


def test_a_repeated_read_is_served_again_byte_for_byte(client: TestClient) -> None:
    for url in READS:
        first = client.get(url)
        second = client.get(url)
        assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit"), url
        assert second.content == first.content and second.status_code == 200
        assert second.headers["content-type"] == first.headers["content-type"] == "application/json"
    # Another query string is another question.
    assert client.get(f"/meetings?person={f.SAKAMOTO}").headers["x-cache"] == "miss"


def test_a_write_through_the_api_is_seen_by_the_next_read(client: TestClient) -> None:
    before = cached_get(client, "/stats", "miss")
    assert cached_get(client, "/stats", "hit") == before
    assert client.delete(f"/articles/{f.ART_A}").status_code == 204
    after = cached_get(client, "/stats", "miss")
    assert after != before and after["nodes"].get("Meeting") is None


def test_a_write_to_the_store_behind_the_app_is_seen(client: TestClient) -> None:
    timeline = f"/people/{f.WEKESA}/timeline"
    assert len(cached_get(client, timeline, "miss")["items"]) == 3
    cached_get(client, timeline, "hit")
    app_store(client).upsert(f.second_report())  # one more meeting with Wekesa
    assert len(cached_get(client, timeline, "miss")["items"]) == 4
    app_store(client).clear()
    assert client.get(timeline).status_code == 404


def test_what_is_not_cached(client: TestClient) -> None:
    for _ in range(2):
        health = client.get("/health")
        assert health.status_code == 200 and "x-cache" not in health.headers
        missing = client.get("/people/nobody-at-all")
        assert missing.status_code == 404 and "x-cache" not in missing.headers
        export = client.get("/export?format=json")
        assert export.status_code == 200 and "x-cache" not in export.headers
        assert client.get("/docs").headers.get("x-cache") is None


def test_a_store_that_cannot_tell_its_generation_is_read_without_the_cache(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = app_store(client)

    def no_answer() -> str:
        raise StoreUnavailable("no answer")

    monkeypatch.setattr(store, "generation", no_answer)
    for _ in range(2):
        assert cached_get(client, "/stats", None)["nodes"]["Meeting"] == 2


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(store=str(tmp_path / "s"), cache_mb=0))) as c:
        app_store(c).upsert(f.kenya_japan())
        for _ in range(2):
            assert cached_get(c, "/stats", None)["nodes"]["Meeting"] == 2


def test_workers_over_one_embedded_directory_see_each_others_writes(tmp_path: Path) -> None:
    """Two API processes over a shared directory (serve --workers 2), here two apps in one process."""
    settings = Settings(store=str(tmp_path / "s"), workers=2)
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        app_store(two).upsert(f.kenya_japan())
        timeline = f"/people/{f.WEKESA}/timeline"
        assert len(cached_get(one, timeline, "miss")["items"]) == 3
        cached_get(one, timeline, "hit")
        app_store(two).upsert(f.second_report())
        assert len(cached_get(one, timeline, "miss")["items"]) == 4


def test_neo4j_writes_of_another_client_are_seen_within_the_lag(
    neo4j_server: Neo4jServer, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other: GraphStore = neo4j_server.open()
    try:
        other.clear()
        other.upsert(f.kenya_japan())
        timeline = f"/people/{f.WEKESA}/timeline"
        for lag, expect in ((0.0, 4), (3600.0, 3)):
            other.delete_article(f.ART_B)
            app = create_app(settings_for("neo4j", request, tmp_path_factory, cache_lag=lag))
            with TestClient(app) as c:
                assert len(cached_get(c, timeline, "miss")["items"]) == 3
                other.upsert(f.second_report())  # not through this app's store
                # No lag: the next read probes the database and sees the commit. An hour's lag: the
                # answer of the last hour is served again (the price of not probing on every read).
                response = c.get(timeline)
                assert len(response.json()["items"]) == expect
                assert response.headers["x-cache"] == ("miss" if expect == 4 else "hit")
    finally:
        other.close()


# --- the cache itself -------------------------------------------------------------------------------


def answer(n: int) -> Answer:
    return Answer(headers=[], body=b"x" * (n - 200))  # Answer.size counts 200 bytes of overhead


def test_least_recently_used_answers_leave_first() -> None:
    cache = AnswerCache(max_bytes=16_000)
    assert cache.get("g1", ("/a", b"")) is None
    for name in ("/a", "/b", "/c"):
        cache.put("g1", (name, b""), answer(1000))
    assert cache.get("g1", ("/a", b"")) is not None  # /a is now the most recently used
    for i in range(14):  # one more than the budget holds
        cache.put("g1", (f"/x{i}", b""), answer(1000))
    assert cache.size <= 16_000 and len(cache) == 16
    assert cache.get("g1", ("/b", b"")) is None and cache.get("g1", ("/a", b"")) is not None
    assert (cache.hits, cache.misses) == (2, 2)


def test_answers_over_a_sixteenth_of_the_budget_are_not_kept() -> None:
    cache = AnswerCache(max_bytes=16_000)
    cache.get("g1", ("/", b""))
    cache.put("g1", ("/big", b""), answer(1001))
    cache.put("g1", ("/fits", b""), answer(1000))
    assert (cache.get("g1", ("/big", b"")), cache.get("g1", ("/fits", b"")) is not None) == (None, True)


def test_a_new_generation_empties_the_cache_and_late_answers_are_dropped() -> None:
    cache = AnswerCache(max_bytes=16_000)
    cache.get("g1", ("/a", b""))
    cache.put("g1", ("/a", b""), answer(500))
    assert cache.get("g2", ("/a", b"")) is None and (len(cache), cache.size) == (0, 0)
    cache.put("g1", ("/a", b""), answer(500))  # read before the graph changed: not kept
    assert cache.get("g2", ("/a", b"")) is None and len(cache) == 0
