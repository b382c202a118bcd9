"""HTTP-level fixtures: the app built on each backend, loaded once per module.

`api_settings` points Settings at a fresh embedded directory or at the test Neo4j (cleared);
`loaded_client` is a TestClient (lifespan run) over both invented articles of tests/graph/factories.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from graph import GraphStore
from graph.model import Extraction
from tests.conftest import BACKENDS, Neo4jServer
from tests.graph import factories as f


def settings_for(
    backend: str, request: pytest.FixtureRequest, tmp: pytest.TempPathFactory, **extra: Any
) -> Settings:
    """Settings for an app on `backend`; keyword arguments override any other setting."""
    if backend == "embedded":
        return Settings(store=str(tmp.mktemp("store")), **extra)
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    extra.setdefault("neo4j_timeout", 30.0)  # a cold server on a busy test machine can be slow
    return Settings(  # the Neo4j credentials are read under their environment names
        store=server.uri,
        NEO4J_USER=server.user,
        NEO4J_PASSWORD=server.password,
        NEO4J_DATABASE=server.database,
        **extra,
    )


def app_store(client: TestClient) -> GraphStore:
    """The one store the app opened in its lifespan."""
    store: GraphStore = client.app.state.store.get()  # type: ignore[attr-defined]
    return store


@contextmanager
def serving(settings: Settings, extractions: list[Extraction]) -> Iterator[TestClient]:
    """A TestClient (lifespan run) of an app on `settings`, its store cleared and holding `extractions`."""
    with TestClient(create_app(settings)) as client:
        store = app_store(client)
        store.clear()
        store.upsert_many(extractions)
        yield client


@pytest.fixture(scope="session")
def extractor() -> Any:
    """One spaCy-backed extractor for the whole session (loading it takes seconds)."""
    from ingest.extract import Extractor

    return Extractor(model=Settings.model_fields["spacy_model"].default)


@pytest.fixture(scope="module", params=BACKENDS)
def api_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def loaded_client(
    api_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """An app over both invented articles (Kenya-Japan talks, a Santiago meeting...)."""
    settings = settings_for(api_backend, request, tmp_path_factory)
    with serving(settings, [f.kenya_japan(), f.second_report()]) as c:
        yield c
