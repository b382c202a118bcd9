"""Error answers: JSON `{"error": {"code", "message"}}` for 401, 404, 413, 422 and 503, no traces."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.app.conftest import settings_for
from tests.graph import factories as f

KEY = "s3cret-key"


def error(response: Any, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert "Traceback" not in response.text
    return dict(body["error"])


@pytest.mark.parametrize(
    ("path", "params", "needle"),
    [
        ("/meetings", {"limit": 501}, "limit"),
        ("/meetings", {"limit": 0}, "limit"),
        ("/people", {"offset": -1}, "offset"),
        ("/meetings", {"date_from": "April 2025"}, "date_from"),
        ("/visits", {"status": "maybe"}, "status"),
        ("/anniversaries", {"year": "next"}, "year"),
        ("/search", {}, "q"),
        ("/graph/path", {"from": "x"}, "to"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(
    loaded_client: TestClient, path: str, params: dict[str, Any], needle: str
) -> None:
    body = error(loaded_client.get(path, params=params), 422)
    assert body["code"] == "invalid_request"
    assert needle in body["message"]


def test_reversed_date_range_is_422(loaded_client: TestClient) -> None:
    body = error(
        loaded_client.get("/meetings", params={"date_from": "2025-05", "date_to": "2025-04-30"}), 422
    )
    assert (body["code"], body["message"]) == (
        "invalid_parameter",
        "date_from 2025-05 is after date_to 2025-04-30.",
    )


def test_unknown_route_and_ids_are_404(loaded_client: TestClient) -> None:
    assert error(loaded_client.get("/nowhere"), 404)["code"] == "not_found"
    assert "meeting:none" in error(loaded_client.get("/meetings/meeting:none"), 404)["message"]
    assert error(loaded_client.delete(f"/articles/{f.ART_A}x"), 404)["code"] == "not_found"


@pytest.fixture(scope="module")
def guarded(api_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[TestClient]:  # fmt: skip
    """An app with an API key and a small body limit."""
    settings = settings_for(api_backend, request, tmp_path_factory, api_key=KEY, max_body_bytes=2_000)
    with TestClient(create_app(settings)) as client:
        yield client


def test_writes_need_the_api_key(guarded: TestClient) -> None:
    for headers in ({}, {"X-API-Key": "wrong"}, {"X-API-Key": KEY + "x"}):
        body = error(guarded.post("/articles", json={"text": "Some text."}, headers=headers), 401)
        assert body["code"] == "unauthorized" and "X-API-Key" in body["message"]
        assert error(guarded.delete(f"/articles/{f.ART_A}", headers=headers), 401)["code"] == "unauthorized"
    # With the key, the request gets past the check (and fails on what comes next).
    assert (
        error(guarded.post("/articles", json={}, headers={"X-API-Key": KEY}), 422)["code"]
        == "invalid_request"
    )
    assert error(guarded.delete("/articles/none", headers={"X-API-Key": KEY}), 404)["code"] == "not_found"
    assert guarded.get("/meetings").status_code == 200  # reads need no key


def test_body_too_large_is_413(guarded: TestClient) -> None:
    headers = {"X-API-Key": KEY}
    body = error(guarded.post("/articles", json={"text": "x" * 5_000}, headers=headers), 413)
    assert body["code"] == "body_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    streamed = guarded.post(
        "/articles", content=chunks(), headers={**headers, "Content-Type": "application/json"}
    )
    assert error(streamed, 413)["code"] == "body_too_large"


def test_dead_neo4j_answers_503_quickly() -> None:
    settings = Settings(store="bolt://127.0.0.1:1", neo4j_timeout=2.0)
    started = time.monotonic()
    with TestClient(create_app(settings)) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert (health.json()["status"], health.json()["backend"]) == ("unavailable", "neo4j")
        assert health.json()["message"]
        body = error(client.get("/meetings"), 503)
        assert body["code"] == "store_unavailable"
        assert error(client.get("/people/someone"), 503)["code"] == "store_unavailable"
    assert time.monotonic() - started < 10


def test_unexpected_errors_hide_their_details(tmp_path: Path) -> None:
    app = create_app(Settings(store=str(tmp_path / "store")))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
        assert error(response, 500)["code"] == "internal_error"
        assert "internal detail" not in response.text


def test_undecodable_or_broken_json_is_422(guarded: TestClient) -> None:
    headers = {"X-API-Key": KEY, "Content-Type": "application/json"}
    for content in (b"\x06\xff$\xfe", b'{"text": '):
        assert (
            error(guarded.post("/articles", content=content, headers=headers), 422)["code"]
            == "invalid_request"
        )
