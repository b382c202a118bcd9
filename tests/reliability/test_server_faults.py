"""Faults of a real Neo4j, on a private server of this suite (the shared test server is never touched):
kill -9 of an ingest into it; the server stopped while the API serves, then restarted; an ingest into
the stopped server. Nothing is half-written, every failure is a clear message, and everything recovers
without restarting the API."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from ingest.extract import Extractor
from tests.reliability.conftest import (
    LogLines,
    PrivateNeo4j,
    api_server,
    neo4j_env,
    open_private,
    run_cli,
)
from tests.reliability.corpus import article_text, write_corpus
from tests.reliability.crash import Backend, crash_and_converge

CORPUS = 8  # small articles: each costs about a second of Neo4j writes on a busy 2-core machine
RUNS = 2
pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
TIMEOUT = 2.0  # DIPLOGRAPH_NEO4J_TIMEOUT of the API under test
LIMIT = 10.0  # an answer while Neo4j is down must come within this many seconds
RECOVERY = 90.0  # seconds for the API to answer again once Neo4j is back


def test_a_wrong_password_is_503_without_any_password(
    private_neo4j: PrivateNeo4j, tmp_path_factory: pytest.TempPathFactory, logs: LogLines
) -> None:
    """(On the private server: failed logins may lock the user out for a few seconds.)"""
    server = private_neo4j.wait()
    secret = "wrong-" + secrets.token_hex(12)
    settings = Settings(
        store=server.uri, NEO4J_USER=server.user, NEO4J_PASSWORD=secret, NEO4J_DATABASE=server.database,
        neo4j_timeout=TIMEOUT,
    )
    assert secret not in repr(settings) and secret not in str(settings.model_dump())
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for path in ["/health", "/people", "/stats", "/export?format=json"]:
            response = client.get(path)
            assert response.status_code == 503, (path, response.text)
            assert "Traceback" not in response.text
            assert secret not in response.text and server.password not in response.text, response.text
        response = client.post("/articles", json={"text": article_text(0)})
        assert response.status_code == 503 and secret not in response.text, response.text
    assert [line for line in logs.lines if secret in line or server.password in line] == []


def test_kill_9_during_neo4j_ingest_loses_nothing(
    private_neo4j: PrivateNeo4j, tmp_path: Path, extractor: Extractor
) -> None:
    server = private_neo4j.wait()
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CORPUS, seed=2)
    watcher = open_private(server)
    try:
        backend = Backend(
            env=neo4j_env(server),
            reset=watcher.clear,
            open=lambda: open_private(server),
            articles=lambda: watcher.list_articles(limit=1).total,
        )
        report = crash_and_converge(backend, corpus, extractor, RUNS, seed="neo4j")
        print(f"neo4j kill -9: {report}")
    finally:
        watcher.close()


TIMES: list[str] = []


def timed(method: str, url: str, **kwargs: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = httpx.request(method, url, timeout=LIMIT + 20, **kwargs)
    took = time.monotonic() - started
    TIMES.append(f"{method} {url.split('/', 3)[-1]} {took:.1f}s")
    return response, took


def assert_unavailable(response: httpx.Response, took: float, password: str) -> None:
    assert response.status_code == 503, (response.status_code, response.text[:500])
    assert took < LIMIT, f"{response.request.url} took {took:.1f}s"
    body = response.json()
    assert "Traceback" not in response.text and password not in response.text, response.text
    if "error" in body:
        assert body["error"]["code"] and "unavailable" in body["error"]["message"].lower(), body
    else:  # /health answers its own body
        assert body["status"] == "unavailable" and body["message"], body


def test_neo4j_down_while_serving_is_503_then_recovers(private_neo4j: PrivateNeo4j, tmp_path: Path) -> None:
    server = private_neo4j.wait()
    store = open_private(server)
    try:
        store.clear()
    finally:
        store.close()
    env = neo4j_env(server, DIPLOGRAPH_NEO4J_TIMEOUT=str(TIMEOUT))
    with api_server(env, tmp_path / "serve.log") as api:
        # A first article: data to read, and spaCy loaded, so that what follows times the store only.
        first = httpx.post(api.url + "/articles", json={"text": article_text(39)}, timeout=120)
        assert first.status_code == 201, first.text
        entities = first.json()["entities"]
        surname = next(e["name"] for e in entities if e["type"] == "Person").split()[-1]
        a, b = [e["name"] for e in entities if e["type"] == "Country"][:2]
        reads = [
            "/health",
            "/stats",
            f"/meetings?person={surname}&country={a}",  # names resolved first: several queries in one request
            f"/countries/{a}/relations/{b}",
        ]
        for path in reads:
            assert httpx.get(api.url + path, timeout=60).status_code == 200, path
        before = httpx.get(api.url + "/stats", timeout=60).json()
        article = {"text": article_text(40), "url": "https://example.org/during-outage"}

        stopping = time.monotonic()
        private_neo4j.stop()
        TIMES.append(f"stop {time.monotonic() - stopping:.1f}s")
        try:
            for path in reads:
                assert_unavailable(*timed("GET", api.url + path), server.password)
            assert_unavailable(*timed("POST", api.url + "/articles", json=article), server.password)
            assert_unavailable(*timed("GET", api.url + "/people"), server.password)  # again: no hang later

            (tmp_path / "one").mkdir()
            (tmp_path / "one" / "a.txt").write_text(article_text(41), encoding="utf-8")
            started = time.monotonic()
            proc = run_cli(["ingest", "--quiet", str(tmp_path / "one")], env, timeout=120)
            assert proc.returncode == 1, (proc.returncode, proc.stderr)
            assert "unavailable" in proc.stderr.lower() or "cannot open store" in proc.stderr, proc.stderr
            assert "Traceback" not in proc.stderr and server.password not in proc.stderr + proc.stdout
            assert time.monotonic() - started < 60
        finally:
            starting = time.monotonic()
            private_neo4j.start()
            TIMES.append(f"start {time.monotonic() - starting:.1f}s")

        deadline = time.monotonic() + RECOVERY
        while (response := httpx.get(api.url + "/people", timeout=60)).status_code != 200:
            assert time.monotonic() < deadline, f"the API did not recover: {response.text}"
            time.sleep(0.5)
        assert httpx.get(api.url + "/health", timeout=60).json()["status"] == "ok"
        stats = httpx.get(api.url + "/stats", timeout=60).json()
        assert stats == before, "a refused write left something behind"
        created = httpx.post(api.url + "/articles", json=article, timeout=120)
        assert created.status_code == 201, created.text
    print("outage answers:", ", ".join(TIMES), "| ingest said:", proc.stderr.strip()[-300:])
    logs = api.logs()
    assert server.password not in logs
    assert "Traceback" not in logs, logs[-3000:]


@pytest.fixture(autouse=True)
def _server_is_running(request: pytest.FixtureRequest) -> None:
    """A test that failed while the private server was stopped must not leave it down for the next."""
    if "private_neo4j" in request.fixturenames:
        launcher: PrivateNeo4j = request.getfixturevalue("private_neo4j")
        if launcher.script("status").returncode != 0:
            launcher.start()
