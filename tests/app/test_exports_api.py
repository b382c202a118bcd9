"""GET /export and /analytics/* over HTTP, on both backends, with the invented Kenya-Japan articles."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from tests.graph import factories as f


def test_json_export_downloads_a_node_link_graph(loaded_client: TestClient) -> None:
    answer = loaded_client.get("/export", params={"format": "json"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert 'filename="diplograph.json"' in answer.headers["content-disposition"]
    assert (answer.headers["x-diplograph-nodes"], answer.headers["x-diplograph-relationships"]) == (
        "25",
        "46",
    )
    g = nx.node_link_graph(answer.json(), edges="links")
    assert (g.number_of_nodes(), g.number_of_edges()) == (25, 46)


def test_graphml_export_of_a_country_pair_and_a_date_range(loaded_client: TestClient) -> None:
    params = {
        "format": "graphml",
        "countries": "Kenya,Japan",
        "date_from": "2025-04-03",
        "date_to": "2025-04",
    }
    answer = loaded_client.get("/export", params=params)
    assert answer.status_code == 200
    g = nx.read_graphml(io.BytesIO(answer.content))
    assert {f.MEETING_NAIROBI, f.SESSION_4} <= set(g) and f.MEETING_SANTIAGO not in g
    assert int(answer.headers["x-diplograph-nodes"]) == g.number_of_nodes() < 25


def test_csv_export_is_a_zip_of_neo4j_admin_files(loaded_client: TestClient) -> None:
    answer = loaded_client.get("/export", params={"format": "csv", "labels": "Person,Meeting"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert names == [
        "nodes_Meeting.csv",
        "nodes_Person.csv",
        "relationships_PARTICIPATED_IN.csv",
        "load-csv.cypher",
        "neo4j-admin-import.sh",
    ]


def test_cypher_export_is_a_script_of_merges(loaded_client: TestClient) -> None:
    answer = loaded_client.get("/export", params={"format": "cypher"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    assert "MERGE (n:Person {id: row.id})" in answer.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"format": "xlsx"}, 422),
        ({"format": "json", "countries": "Kenya"}, 422),
        ({"format": "json", "countries": "Kenya,Atlantis"}, 404),
        ({"format": "json", "labels": "Person,Spaceship"}, 422),
        ({"format": "json", "date_from": "2026", "date_to": "2025"}, 422),
    ],
)
def test_bad_export_requests_get_a_json_error(
    loaded_client: TestClient, params: dict[str, str], status: int
) -> None:
    answer = loaded_client.get("/export", params=params)
    assert answer.status_code == status
    assert set(answer.json()["error"]) == {"code", "message"}


def test_centrality_ranks_the_official_who_links_the_others_first(loaded_client: TestClient) -> None:
    body = loaded_client.get("/analytics/centrality").json()
    assert (body["people"], body["links"], body["events"], body["by"]) == (3, 2, 4, "pagerank")
    first = body["items"][0]
    assert first["person"]["id"] == f.SAKAMOTO and first["country"]["id"] == f.JAPAN
    assert (first["counterparts"], first["meetings"], first["betweenness"]) == (2, 3, 1.0)
    by_degree = loaded_client.get("/analytics/centrality", params={"by": "degree", "limit": 1}).json()
    assert [x["person"]["id"] for x in by_degree["items"]] == [f.SAKAMOTO]


def test_centrality_of_one_country_and_a_date_range(loaded_client: TestClient) -> None:
    chile = loaded_client.get("/analytics/centrality", params={"country": "Chile"}).json()
    assert {x["person"]["id"] for x in chile["items"]} == {f.SAKAMOTO, f.NUNEZ}  # the Santiago talks
    april = loaded_client.get("/analytics/centrality", params={"date_from": "2025-04", "date_to": "2025-04"})
    assert april.json()["events"] == 2  # the Nairobi talks and the 4th session; planned and undated left out


def test_communities_group_the_officials_who_meet(loaded_client: TestClient) -> None:
    body = loaded_client.get("/analytics/communities").json()
    assert body["method"] == "louvain" and body["people"] == 3
    members = [{m["id"] for m in c["members"]} for c in body["communities"]]
    assert set().union(*members) <= {f.WEKESA, f.SAKAMOTO, f.NUNEZ} and members
    greedy = loaded_client.get("/analytics/communities", params={"method": "greedy", "min_size": 1}).json()
    assert sum(c["size"] for c in greedy["communities"]) == 3


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/analytics/centrality", {"country": "Atlantis"}, 404),
        ("/analytics/centrality", {"by": "charisma"}, 422),
        ("/analytics/communities", {"method": "astrology"}, 422),
        ("/analytics/communities", {"date_from": "2026", "date_to": "2025"}, 422),
    ],
)
def test_bad_analytics_requests_get_a_json_error(
    loaded_client: TestClient, path: str, params: dict[str, str], status: int
) -> None:
    answer = loaded_client.get(path, params=params)
    assert answer.status_code == status
    assert json.loads(answer.text)["error"]["message"]
