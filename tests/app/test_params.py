"""Query parameters read as one QueryModel: read as FastAPI reads them, documented as it documents them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from app.api.params import QueryModel
from app.config import Settings
from app.errors import install_error_handlers
from app.main import create_app


class Filters(QueryModel):
    name: str = Field(min_length=2, description="A name.")
    with_: str | None = Field(None, alias="with", description="Someone else.")
    limit: int = Field(10, ge=1, le=50, description="At most this many.")


def served(read_by: str) -> TestClient:
    """An app answering what it read, either as a QueryModel or as FastAPI's own query-parameter model."""
    app = FastAPI()
    install_error_handlers(app)
    if read_by == "model":

        @app.get("/", openapi_extra=Filters.doc())
        def ours(request: Request) -> dict[str, Any]:
            return Filters.read(request).model_dump()

    else:

        @app.get("/")
        def fastapis(query: Annotated[Filters, Query()]) -> dict[str, Any]:
            return query.model_dump()

    return TestClient(app)


ASKS = [
    "?name=Ada",
    "?name=Ada&with=Bo&limit=3",
    "?name=Ada&name=Bea",  # a repeated name: the last
    "?name=Ada&unknown=1",  # unknown names ignored
    "?name=A",  # too short
    "?name=Ada&limit=0",
    "?name=Ada&limit=ten",
    "?limit=3",  # required and missing
    "?name=Ada&with_=Bo",  # the field's name is not its parameter
    "?name=",
]


@pytest.mark.parametrize("ask", ASKS)
def test_a_query_model_reads_the_query_string_as_fastapi_does(ask: str) -> None:
    ours, fastapis = served("model").get("/" + ask), served("fastapi").get("/" + ask)
    assert (ours.status_code, ours.json()) == (fastapis.status_code, fastapis.json())


def test_a_refusal_names_the_parameter_in_the_query() -> None:
    answer = served("model").get("/?name=Ada&limit=0")
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_request"
    assert "limit" in answer.json()["error"]["message"]


def test_a_query_model_is_documented_as_fastapi_documents_it() -> None:
    ours, fastapis = served("model").app.openapi(), served("fastapi").app.openapi()  # type: ignore[attr-defined]
    documented = ours["paths"]["/"]["get"]["parameters"]
    assert documented == fastapis["paths"]["/"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in documented] == [
        ("name", "query", True),
        ("with", "query", False),
        ("limit", "query", False),
    ]
    assert documented[2]["schema"]["maximum"] == 50 and documented[0]["description"] == "A name."


def test_a_parameter_that_needs_a_component_schema_is_refused() -> None:
    class Inner(BaseModel):
        x: int

    class Nested(QueryModel):
        inner: Inner | None = None

    with pytest.raises(TypeError, match="plain type"):
        Nested.doc()


def test_the_api_routes_document_their_query_models(tmp_path: Path) -> None:
    document = create_app(Settings(store=str(tmp_path / "store"))).openapi()
    params = {
        path: {p["name"]: p for p in op["get"].get("parameters", []) if p["in"] == "query"}
        for path, op in document["paths"].items()
        if "get" in op
    }
    assert params["/meetings"].keys() == {
        "person", "with", "country", "counterpart_country", "date_from", "date_to", "status", "kind", "place",
        "limit", "offset",
    }  # fmt: skip
    assert params["/meetings"]["date_from"]["schema"]["anyOf"][0]["pattern"]
    assert params["/people/{person_id}/timeline"].keys() == {"limit", "offset"}
    assert {name for name, p in params["/graph/path"].items() if p["required"]} == {"from", "to"}
    assert params["/search"]["q"]["required"] and params["/search"]["limit"]["schema"]["default"] == 20


def test_a_refusal_is_located_in_the_query_string() -> None:
    request = Request({"type": "http", "query_string": b"name=Ada&limit=0", "headers": []})
    with pytest.raises(RequestValidationError) as refused:
        Filters.read(request)
    assert [e["loc"] for e in refused.value.errors()] == [("query", "limit")]
