"""Reads per request: a timeline or a path asked by ids costs one store read (one Neo4j statement),
and names still resolve, through the look-ups, when the first read finds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph import GraphStore
from tests.app.conftest import app_store, serving, settings_for
from tests.conftest import record_calls
from tests.graph import factories as f

READS = ("get_node", "get_person", "resolve", "search", "timeline", "shortest_path")


@pytest.fixture(scope="module")
def client(
    api_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The invented articles, with the answer cache off: every request reaches the store."""
    settings = settings_for(api_backend, request, tmp_path_factory, cache_mb=0)
    with serving(settings, [f.kenya_japan(), f.second_report()]) as c:
        yield c


def reads_of(client: TestClient, monkeypatch: pytest.MonkeyPatch, url: str) -> tuple[Any, list[str]]:
    """The JSON answer to GET `url` and the names of the store reads it made, in order."""
    store: GraphStore = app_store(client)
    made: list[str] = []
    for name in READS:
        record_calls(monkeypatch, store, name, lambda *a, _name=name, **k: made.append(_name))
    response = client.get(url)
    monkeypatch.undo()
    assert response.status_code == 200, response.text
    return response.json(), made


def test_a_timeline_by_id_is_one_read(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    by_id, made = reads_of(client, monkeypatch, f"/people/{f.WEKESA}/timeline")
    assert made == ["timeline"]
    assert by_id["person"] == {"id": f.WEKESA, "name": "Amani Wekesa", "type": "Person"}
    assert by_id["total"] == len(by_id["items"]) == 4
    by_name, made = reads_of(client, monkeypatch, "/people/Amani Wekesa/timeline")
    assert by_name == by_id
    assert made[0] == "timeline" and made[-1] == "timeline" and len(made) > 2  # tried, resolved, read


def test_a_path_between_ids_is_one_read(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    by_id, made = reads_of(client, monkeypatch, f"/graph/path?from={f.NUNEZ}&to={f.SAKAMOTO}")
    assert made == ["shortest_path"]
    nodes = by_id["nodes"]
    assert (nodes[0]["id"], nodes[-1]["id"]) == (f.NUNEZ, f.SAKAMOTO)
    by_name, made = reads_of(client, monkeypatch, "/graph/path?from=Jose Nunez&to=Sakamoto")
    assert by_name == by_id
    assert made[0] == "shortest_path" and made[-1] == "shortest_path" and len(made) > 2


def test_unknown_references_are_still_not_found(client: TestClient) -> None:
    assert client.get("/people/person:nobody/timeline").status_code == 404
    assert client.get(f"/people/{f.KENYA}/timeline").status_code == 404  # a country has no timeline
    assert client.get(f"/graph/path?from=person:nobody&to={f.KENYA}").status_code == 404
