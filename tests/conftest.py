"""Shared fixtures: the two store backends, with a real Neo4j started by scripts/neo4j.

The Neo4j half fails (never skips) when the server cannot start, unless DIPLOGRAPH_TEST_NEO4J=skip.
When DIPLOGRAPH_TEST_NEO4J_URI is set (scripts/run-tests does it) that server is used as it is.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph import GraphStore, open_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BACKENDS = ["embedded", "neo4j"]


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str
    database: str

    def open(self) -> GraphStore:
        """A diplograph store on this server's database."""
        return open_store(self.uri, user=self.user, password=self.password, database=self.database)


def _parse_exports(text: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("export "):
            for word in shlex.split(line[len("export ") :]):
                key, _, value = word.partition("=")
                env[key] = value
    return env


@pytest.fixture(scope="session")
def neo4j_server() -> Neo4jServer:
    if os.environ.get("DIPLOGRAPH_TEST_NEO4J") == "skip":
        pytest.skip("Neo4j tests opted out with DIPLOGRAPH_TEST_NEO4J=skip")
    uri = os.environ.get("DIPLOGRAPH_TEST_NEO4J_URI")
    if uri:
        env = dict(os.environ)
    else:
        proc = subprocess.run(
            [str(ROOT / "scripts" / "neo4j"), "start"], capture_output=True, text=True, timeout=600
        )
        if proc.returncode != 0:
            hint = "set DIPLOGRAPH_TEST_NEO4J=skip to opt out"
            pytest.fail(f"scripts/neo4j start failed ({hint}):\n{proc.stderr}")
        env = _parse_exports(proc.stdout)
        uri = env["DIPLOGRAPH_STORE"]
    return Neo4jServer(
        uri=uri,
        user=env.get("NEO4J_USER", "neo4j"),
        password=env.get("NEO4J_PASSWORD", ""),
        database=env.get("NEO4J_DATABASE", "neo4j"),
    )


def make_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    if backend == "embedded":
        return open_store(str(tmp_path / "store"))
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    store = server.open()
    store.clear()
    return store


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each backend."""
    s = make_store(backend, request, tmp_path)
    yield s
    s.close()


@pytest.fixture
def reopen(backend: str, request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A function that opens the same store again (new driver / re-read directory), for restarts."""

    def _reopen() -> GraphStore:
        if backend == "embedded":
            return open_store(str(tmp_path / "store"))
        server: Neo4jServer = request.getfixturevalue("neo4j_server")
        return server.open()

    return _reopen


def record_calls(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, note: Callable[..., object] = lambda *a, **k: a
) -> list[Any]:
    """Wrap `owner.name` (a function of a module, or a method of a class: then `self` comes first) so
    that every call appends `note(*args, **kwargs)` to the returned list, then runs as before."""
    calls: list[Any] = []
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(note(*args, **kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls
