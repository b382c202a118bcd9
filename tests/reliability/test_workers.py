"""`diplograph serve --workers N`: several processes over one Neo4j, refused for the embedded store."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.conftest import Neo4jServer
from tests.reliability.conftest import api_server, cli_env, neo4j_env, open_private, run_cli
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


def test_embedded_store_refuses_several_workers(tmp_path: Path) -> None:
    done = run_cli(["serve", "--workers", "2"], cli_env(DIPLOGRAPH_STORE=str(tmp_path / "store")), timeout=60)
    assert done.returncode == 2
    assert "--workers > 1 needs Neo4j" in done.stdout + done.stderr
    assert not (tmp_path / "store").exists()  # refused before anything was opened


def test_two_workers_serve_one_neo4j_graph(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    store = open_private(neo4j_server)
    try:
        store.clear()
    finally:
        store.close()
    env = neo4j_env(neo4j_server)
    with api_server(env, tmp_path / "serve.log", args=("--workers", "2", "--no-access-log")) as api:
        workers = children(api.proc.pid)
        # uvicorn's supervisor runs the workers (and may keep a helper process of multiprocessing).
        assert len(workers) >= 2, (workers, api.logs())
        posted = httpx.post(api.url + "/articles", json={"text": article_text(3)}, timeout=180)
        assert posted.status_code == 201, posted.text
        # Whichever worker answers, every one reads the same graph: the write is visible to all.
        with httpx.Client(base_url=api.url, timeout=60) as client:
            totals = {client.get("/stats").json()["nodes"]["Article"] for _ in range(30)}
            listed = {client.get("/articles").json()["total"] for _ in range(30)}
        assert totals == {1} and listed == {1}
        assert "GET /stats" not in api.logs()  # --no-access-log
