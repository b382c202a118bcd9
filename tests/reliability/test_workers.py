"""`diplograph serve --workers N`: several processes over one graph, Neo4j or the embedded store."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from graph.embedded import EmbeddedStore
from tests.conftest import BACKENDS, Neo4jServer
from tests.reliability.conftest import api_server, cli_env, neo4j_env, open_private
from tests.reliability.corpus import article_text


def children(pid: int) -> set[int]:
    """Process ids whose parent is `pid` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.fixture(params=BACKENDS)
def workers_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The environment of `serve` over an empty store of each backend."""
    if request.param == "embedded":
        return cli_env(DIPLOGRAPH_STORE=str(tmp_path / "store"))
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    store = open_private(server)
    try:
        store.clear()
    finally:
        store.close()
    # Every read probes the database's last commit: a write through one worker is seen at once by the
    # other (by default within DIPLOGRAPH_CACHE_LAG seconds; tests/app/test_cache.py checks both).
    return neo4j_env(server, DIPLOGRAPH_CACHE_LAG="0")


def test_two_workers_serve_one_graph(workers_env: dict[str, str], tmp_path: Path) -> None:
    """Whichever worker answers, every one reads the same graph: a write through one is seen by all."""
    with api_server(workers_env, tmp_path / "serve.log", args=("--workers", "2", "--no-access-log")) as api:
        workers = children(api.proc.pid)
        # uvicorn's supervisor runs the workers (and may keep a helper process of multiprocessing).
        assert len(workers) >= 2, (workers, api.logs())
        with httpx.Client(base_url=api.url, timeout=180) as client:
            posted = [client.post("/articles", json={"text": article_text(i)}) for i in range(4)]
            assert [p.status_code for p in posted] == [201] * 4, [p.text for p in posted]
            assert client.post("/articles", json={"text": article_text(2)}).status_code == 200  # known
            totals = {client.get("/stats").json()["nodes"]["Article"] for _ in range(30)}
            listed = {client.get("/articles").json()["total"] for _ in range(30)}
            assert totals == {4} and listed == {4}
            gone = posted[1].json()["article"]["id"]
            assert client.delete(f"/articles/{gone}").status_code == 204
            assert {client.get(f"/articles/{gone}").status_code for _ in range(20)} == {404}
            assert {client.get("/articles").json()["total"] for _ in range(20)} == {3}
        assert "GET /stats" not in api.logs()  # --no-access-log
    if "DIPLOGRAPH_STORE" in workers_env and not workers_env["DIPLOGRAPH_STORE"].startswith("bolt"):
        reopened = EmbeddedStore(workers_env["DIPLOGRAPH_STORE"])  # what the workers left on disk
        try:
            assert reopened.stats().nodes["Article"] == 3 and reopened.get_article(gone) is None
        finally:
            reopened.close()
