"""Reads per request: a timeline, a path or a bilateral dossier asked by ids costs one store read (one
Neo4j statement), and names still resolve, through the look-ups, when the first read finds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph import GraphStore
from tests.app.conftest import app_store, serving, settings_for
from tests.graph import factories as f

READS = (
    "get_node", "get_person", "resolve", "search", "list_nodes", "timeline", "shortest_path", "dossier_facts"
)


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
    depth = 0

    def outermost(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        """`original`, noting its name unless another read called it (a store may compose reads)."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            nonlocal depth
            if depth == 0:
                made.append(name)
            depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth -= 1

        return wrapper

    for name in READS:
        monkeypatch.setattr(store, name, outermost(name, getattr(store, name)))
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


def test_a_dossier_of_two_country_ids_is_one_read(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_id, made = reads_of(client, monkeypatch, f"/countries/{f.KENYA}/relations/{f.JAPAN}")
    assert made == ["dossier_facts"]
    assert (by_id["a"]["name"], by_id["b"]["name"], by_id["meetings_total"]) == ("Kenya", "Japan", 2)
    by_name, made = reads_of(client, monkeypatch, "/countries/Kenya/relations/Japan")
    assert by_name == by_id
    assert made[0] == "dossier_facts" and made[-1] == "dossier_facts" and len(made) > 2


def test_unknown_references_are_still_not_found(client: TestClient) -> None:
    assert client.get("/people/person:nobody/timeline").status_code == 404
    assert client.get(f"/people/{f.KENYA}/timeline").status_code == 404  # a country has no timeline
    assert client.get(f"/graph/path?from=person:nobody&to={f.KENYA}").status_code == 404
    assert client.get(f"/countries/{f.KENYA}/relations/{f.WEKESA}").status_code == 404  # not a country
    assert client.get(f"/countries/{f.KENYA}/relations/Kenya").status_code == 422  # the same one
