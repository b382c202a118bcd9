"""`diplograph ingest` as a user runs it: exit 0 when everything was ingested, 1 when some inputs
failed (the summary names each with its reason), 2 for usage errors; nothing is lost either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import GraphStore, open_store
from tests.conftest import Neo4jServer
from tests.reliability.badfiles import write_mixed
from tests.reliability.conftest import cli_env, neo4j_env, run_cli
from tests.reliability.corpus import article_text, write_corpus


def ingest_env(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> tuple[dict[str, str], GraphStore]:
    """The environment of `diplograph ingest` on `backend`, and the (empty) store it will write."""
    if backend == "embedded":
        location = str(tmp_path / "store")
        return cli_env(DIPLOGRAPH_STORE=location), open_store(location)
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    store = open_store(server.uri, user=server.user, password=server.password, database=server.database)
    store.clear()
    return neo4j_env(server), store


def test_mixed_directory_exits_1_listing_every_failure(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """(On the embedded store: test_ingest_input runs the same directory in process on both backends.)"""
    good_ids, expected = write_mixed(tmp_path / "mixed")
    env, store = ingest_env("embedded", request, tmp_path)
    store.close()  # the embedded directory has one writer at a time: the CLI
    proc = run_cli(["ingest", "--quiet", str(tmp_path / "mixed")], env)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    summary = proc.stderr[proc.stderr.index("read ") :]
    assert f"failed {len(expected)}" in summary, summary
    assert f"ingested {len(good_ids)}" in summary, summary
    failure_lines = [line.strip() for line in summary.splitlines()[1:] if line.strip()]
    assert len(failure_lines) == len(expected), summary
    for source, word in expected.items():
        (line,) = [x for x in failure_lines if x.startswith(f"{source}:")]
        assert word in line.lower(), line
    store = open_store(env["DIPLOGRAPH_STORE"], user=env.get("NEO4J_USER", "neo4j"),
                       password=env.get("NEO4J_PASSWORD", ""), database=env.get("NEO4J_DATABASE", "neo4j"))
    try:
        assert sorted(a.id for a in store.list_articles(limit=100).items) == sorted(good_ids)
    finally:
        store.close()


def test_all_good_exits_0(tmp_path: Path) -> None:
    write_corpus(tmp_path / "good", 2)
    env = cli_env(DIPLOGRAPH_STORE=str(tmp_path / "store"))
    proc = run_cli(["ingest", "--quiet", str(tmp_path / "good")], env)
    assert proc.returncode == 0, proc.stderr
    assert "ingested 2" in proc.stderr and "failed 0" in proc.stderr, proc.stderr


def test_the_size_limit_comes_from_the_environment(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(article_text(0), encoding="utf-8")
    limit = len(article_text(0)) - 1
    env = cli_env(DIPLOGRAPH_STORE=str(tmp_path / "store"), DIPLOGRAPH_MAX_ARTICLE_CHARS=str(limit))
    proc = run_cli(["ingest", "--quiet", str(article)], env)
    assert proc.returncode == 1, proc.stderr
    assert f"(limit {limit})" in proc.stderr and "too long" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["ingest", "--no-such-option", "{dir}"], "no such option"),
        (["ingest", "{dir}/missing.txt"], "missing.txt"),
        (["ingest", "{dir}/a.txt", "{dir}/gone"], "gone"),
        (["ingest"], "missing argument"),
        (["ingest", "--jobs", "0", "{dir}/a.txt"], "jobs"),
        (["no-such-command"], "no such command"),
    ],
)
def test_usage_errors_exit_2_and_touch_nothing(tmp_path: Path, args: list[str], needle: str) -> None:
    (tmp_path / "a.txt").write_text(article_text(0), encoding="utf-8")
    store = tmp_path / "store"
    proc = run_cli([a.format(dir=tmp_path) for a in args], cli_env(DIPLOGRAPH_STORE=str(store)))
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert needle in proc.stderr.lower(), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not store.exists()
