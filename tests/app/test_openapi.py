"""The OpenAPI document is complete: summaries, tags, described parameters, models, error answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api.routes import ROUTERS
from app.api.routes.system import app_version
from app.config import Settings
from app.errors import install_error_handlers
from app.main import DESCRIPTION, TAGS, create_app

ENDPOINTS = {
    ("get", "/people"),
    ("get", "/people/{person_id}"),
    ("get", "/people/{person_id}/timeline"),
    ("get", "/people/{person_id}/meetings"),
    ("get", "/meetings"),
    ("get", "/meetings/{meeting_id}"),
    ("get", "/visits"),
    ("get", "/visits/{visit_id}"),
    ("get", "/mechanisms"),
    ("get", "/mechanisms/{mechanism_id}"),
    ("get", "/anniversaries"),
    ("get", "/countries"),
    ("get", "/countries/{country}"),
    ("get", "/countries/{a}/relations/{b}"),
    ("get", "/search"),
    ("get", "/graph/neighborhood/{node}"),
    ("get", "/graph/path"),
    ("get", "/articles"),
    ("post", "/articles"),
    ("get", "/articles/{article_id}"),
    ("delete", "/articles/{article_id}"),
    ("get", "/stats"),
    ("get", "/health"),
}


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    app = create_app(Settings(store=str(tmp_path_factory.mktemp("store"))))
    document: dict[str, Any] = TestClient(app).get("/openapi.json").json()
    return document


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(m, p): op for p, item in document["paths"].items() for m, op in item.items()}


def test_every_endpoint_is_documented(openapi: dict[str, Any]) -> None:
    ops = operations(openapi)
    assert ops.keys() >= ENDPOINTS
    for (method, path), op in ops.items():
        where = f"{method.upper()} {path}"
        assert op.get("summary") and op.get("description"), where
        assert op.get("tags"), where
        for param in op.get("parameters", []):
            assert param.get("description"), f"{where} {param['name']}"
        errors = [code for code in op["responses"] if code[0] in "45"]
        assert errors, where
        for code in errors:
            assert "$ref" in str(op["responses"][code]["content"]), f"{where} {code}"


def test_list_endpoints_answer_pages(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    for name in ("PeoplePublic", "MeetingsPublic", "VisitsPublic", "MechanismsPublic", "AnniversariesPublic"):
        assert {"items", "total", "limit", "offset"} <= schemas[name]["properties"].keys(), name
    assert {"code", "message"} <= schemas["ErrorDetail"]["properties"].keys()


def test_no_store_is_opened_at_import_or_build(tmp_path: Path) -> None:
    target = tmp_path / "never"
    create_app(Settings(store=str(target)))
    assert not target.exists()


def test_error_answers_are_documented_with_the_error_body(openapi: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in str(openapi["paths"])
    post = openapi["paths"]["/articles"]["post"]["responses"]
    assert {"200", "201", "401", "413", "422", "503"} <= post.keys()


def test_routes_served_flat_document_what_included_routers_would(openapi: dict[str, Any]) -> None:
    """`add_routes` puts the routers' routes on the app itself; the document must not notice."""
    included = FastAPI(title="diplograph", version=app_version(), description=DESCRIPTION, openapi_tags=TAGS)
    install_error_handlers(included)
    for router in ROUTERS:
        included.include_router(router)
    assert included.openapi() == openapi
