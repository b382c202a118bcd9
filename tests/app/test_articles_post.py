"""POST an article, read it back, post it again (nothing duplicated), delete it; on both backends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.app.conftest import app_store, settings_for
from tests.conftest import SEEDS

KEY = "writer-key"
AUTH = {"X-API-Key": KEY}


def seed_text(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def writer(api_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[TestClient]:  # fmt: skip
    """An app on an empty store that accepts writes with the key."""
    with TestClient(create_app(settings_for(api_backend, request, tmp_path_factory, api_key=KEY))) as client:
        app_store(client).clear()
        yield client


def counts(client: TestClient) -> dict[str, Any]:
    response = client.get("/stats")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_post_read_repost_delete(writer: TestClient) -> None:
    text = seed_text("002")
    posted = writer.post("/articles", json={"text": text, "published": "2021-09-28"}, headers=AUTH)
    assert posted.status_code == 201, posted.text
    created = posted.json()
    article_id = created["article"]["id"]
    assert (created["status"], created["article"]["published"]) == ("created", "2021-09-28")
    assert created["nodes"] > 1 and created["relationships"] > 0
    assert any(e["type"] == "Person" for e in created["entities"])
    assert created["triples"] and all(t["article"] == article_id for t in created["triples"])
    assert all(squash(t["evidence"]) in squash(text) for t in created["triples"])

    detail = writer.get(f"/articles/{article_id}")
    assert detail.status_code == 200, detail.text
    assert detail.json()["published"] == "2021-09-28"
    assert detail.json()["triples"], "the stored article supports some statements"
    assert all(squash(t["evidence"]) in squash(text) for t in detail.json()["triples"])
    assert [a["id"] for a in writer.get("/articles").json()["items"]] == [article_id]
    before, meetings = counts(writer), writer.get("/meetings").json()["total"]
    assert before["nodes"]["Article"] == 1

    again = writer.post("/articles", json={"text": text, "published": "2021-09-28"}, headers=AUTH)
    assert again.status_code == 200, again.text
    assert (again.json()["status"], again.json()["article"]["id"]) == ("unchanged", article_id)
    assert counts(writer) == before
    assert writer.get("/meetings").json()["total"] == meetings

    assert writer.delete(f"/articles/{article_id}", headers=AUTH).status_code == 204
    assert writer.get(f"/articles/{article_id}").status_code == 404
    assert counts(writer) == {"nodes": {}, "relationships": {}}  # nothing else reported what it did
    assert writer.get("/meetings").json()["total"] == 0
    assert writer.delete(f"/articles/{article_id}", headers=AUTH).status_code == 404


def test_post_refused_articles_are_422(writer: TestClient) -> None:
    empty = writer.post("/articles", json={"text": ""}, headers=AUTH)
    assert (empty.status_code, empty.json()["error"]["code"]) == (422, "invalid_request")
    bad_date = writer.post("/articles", json={"text": "Talks were held.", "published": "soon"}, headers=AUTH)
    assert (bad_date.status_code, bad_date.json()["error"]["code"]) == (422, "invalid_request")
    too_long = writer.post("/articles", json={"text": "word " * 50_000}, headers=AUTH)  # > max_article_chars
    assert too_long.status_code == 422, too_long.text
    assert too_long.json()["error"]["code"] == "article_rejected"
    assert counts(writer)["nodes"].get("Article", 0) == 0
