"""Eight clients posting overlapping articles at once to a real server leave the graph exactly as the
same posts made one after another: no entity or event twice, no article lost."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph import fold, open_store
from tests.conftest import Neo4jServer
from tests.reliability.conftest import api_server, cli_env, neo4j_env
from tests.reliability.corpus import article_text

CLIENTS = 8
LISTS = ["/people", "/meetings", "/visits", "/mechanisms", "/anniversaries", "/countries", "/articles"]


def posts() -> list[dict[str, Any]]:
    """Five articles sharing people and countries, three of them posted twice, one of those again
    without its url (so under another id, with the same content)."""
    unique = [{"text": article_text(i), "url": f"https://example.org/news/{i}"} for i in range(5)]
    return [*unique, unique[0], unique[1], {"text": unique[2]["text"]}]


def everything(client: httpx.Client) -> dict[str, list[dict[str, Any]]]:
    """Every item of every list endpoint."""
    out = {}
    for path in LISTS:
        page = client.get(path, params={"limit": 500}).raise_for_status().json()
        assert page["total"] == len(page["items"]), path
        out[path] = page["items"]
    return out


def duplicates(items: list[dict[str, Any]], key: Any) -> list[Any]:
    seen = Counter(key(item) for item in items)
    return [k for k, n in seen.items() if n > 1]


def assert_no_duplicates(graph: dict[str, list[dict[str, Any]]]) -> None:
    assert duplicates(graph["/people"], lambda p: fold(p["name"])) == []
    assert duplicates(graph["/countries"], lambda c: fold(c["name"])) == []
    assert duplicates(
        graph["/meetings"], lambda m: (m["date"], tuple(sorted(p["id"] for p in m["participants"])))
    ) == []
    assert duplicates(
        graph["/visits"],
        lambda v: (v["date"], (v["visitor"] or {}).get("id"), str(v["host_country"]), v["status"]),
    ) == []
    assert duplicates(
        graph["/mechanisms"], lambda m: (fold(m["name"]), tuple(sorted(c["id"] for c in m["countries"])))
    ) == []
    for mechanism in graph["/mechanisms"]:
        assert duplicates(mechanism["sessions"], lambda s: s["number"]) == [], mechanism
    assert duplicates(graph["/articles"], lambda a: a["id"]) == []


def post_all_at_once(url: str, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(bodies))

    def post(body: dict[str, Any]) -> httpx.Response:
        with httpx.Client(base_url=url, timeout=180) as client:
            barrier.wait(timeout=60)
            return client.post("/articles", json=body)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(post, bodies))


def server_env(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if backend == "embedded":
        return cli_env(DIPLOGRAPH_STORE=str(tmp_path / "store"))
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    store = open_store(server.uri, user=server.user, password=server.password, database=server.database)
    store.clear()
    store.close()
    return neo4j_env(server, DIPLOGRAPH_NEO4J_TIMEOUT="30")


def test_concurrent_posts_equal_sequential_posts(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    bodies = posts()
    assert len(bodies) == CLIENTS
    env = server_env(backend, request, tmp_path)
    with (
        api_server(env, tmp_path / "serve.log") as server,
        httpx.Client(base_url=server.url, timeout=180) as client,
    ):
        responses = post_all_at_once(server.url, bodies)
        assert [r.status_code for r in responses if r.status_code not in (200, 201)] == [], [
            r.text[:300] for r in responses
        ]
        created = Counter(r.json()["article"]["id"] for r in responses if r.status_code == 201)
        # (Two posts of one article racing may both answer 201: the store merges them into one.)
        assert len(created) == 6, created  # five urls and one content-hash id
        concurrent = everything(client)
        stats = client.get("/stats").raise_for_status().json()
        assert_no_duplicates(concurrent)

        # The same posts one by one, on an emptied graph: the same graph.
        for article in concurrent["/articles"]:
            deleted = client.delete(f"/articles/{article['id']}")
            assert deleted.status_code == 204, deleted.text
        empty = client.get("/stats").raise_for_status().json()
        assert sum(empty["nodes"].values()) == 0 and sum(empty["relationships"].values()) == 0, empty
        for body in bodies:
            assert client.post("/articles", json=body).status_code in (200, 201)
        assert client.get("/stats").raise_for_status().json() == stats
        sequential = everything(client)
        for path, items in sequential.items():
            assert sorted(i.get("id") or i["name"] for i in items) == sorted(
                i.get("id") or i["name"] for i in concurrent[path]
            ), path
    logs = server.logs()
    assert "Traceback" not in logs, logs[-3000:]
    if backend == "neo4j":
        assert env["NEO4J_PASSWORD"] not in logs
