"""Fixtures of the reliability suite: the CLI as a subprocess, a real uvicorn server, one extractor per
session, snapshots of a store (counts and a byte-exact export), and a private Neo4j server that tests
may stop, kill and restart without disturbing the shared test server.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from graph import GraphStore, open_store
from graph.export import export
from ingest.extract import Extractor
from ingest.pipeline import ingest_paths
from tests.app.conftest import app_store as client_store
from tests.app.conftest import settings_for
from tests.conftest import BACKENDS, Neo4jServer, _parse_exports
from tests.reliability.corpus import article_text, write_corpus

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DIPLOGRAPH = str(BIN / "diplograph")
MODEL = str(Settings.model_fields["spacy_model"].default)
PRIVATE_FIXTURE = "private_neo4j"


# --- the store as data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, dict[str, int]]
    export: bytes


def counts(store: GraphStore) -> dict[str, dict[str, int]]:
    stats = store.stats()
    return {"nodes": dict(stats.nodes), "relationships": dict(stats.relationships)}


def snapshot(store: GraphStore) -> Snapshot:
    buf = io.BytesIO()
    export(store, "json", buf)
    return Snapshot(counts(store), buf.getvalue())


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One extractor for the whole suite (its spaCy pipeline loads once, on first use)."""
    return Extractor(model=MODEL)


# --- subprocesses -----------------------------------------------------------------------------------
def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a `diplograph` subprocess: no inherited DIPLOGRAPH_/NEO4J_ settings, the
    checkout first on the path (so the tests run this tree whatever the venv's install mode)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPLOGRAPH_", "NEO4J_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["PYTHONUNBUFFERED"] = "1"
    env["COLUMNS"] = "200"  # rich wraps long failure lines at the terminal width
    env.update(extra)
    return env


def neo4j_env(server: Neo4jServer, **extra: str) -> dict[str, str]:
    return cli_env(
        DIPLOGRAPH_STORE=server.uri,
        NEO4J_USER=server.user,
        NEO4J_PASSWORD=server.password,
        NEO4J_DATABASE=server.database,
        **extra,
    )


def run_cli(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DIPLOGRAPH, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class ApiServer:
    url: str
    log: Path
    proc: subprocess.Popen[bytes]

    def logs(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def api_server(
    env: dict[str, str], log: Path, ready_timeout: float = 90, args: tuple[str, ...] = ()
) -> Iterator[ApiServer]:
    """`diplograph serve` as a real uvicorn process on a free loopback port (stdout+stderr to `log`);
    `args` are more options of `serve`."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [DIPLOGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )
    server = ApiServer(f"http://127.0.0.1:{port}", log, proc)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"diplograph serve exited with {proc.returncode}:\n{server.logs()}")
            with suppress(httpx.HTTPError):
                httpx.get(f"{server.url}/health", timeout=30)
                break
            if time.monotonic() > deadline:
                pytest.fail(f"diplograph serve did not answer in {ready_timeout}s:\n{server.logs()}")
            time.sleep(0.2)
        yield server
    finally:
        stop_process(proc)


def stop_process(proc: subprocess.Popen[Any], grace: float = 15) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


# --- a private Neo4j server -------------------------------------------------------------------------
class PrivateNeo4j:
    """A second Neo4j under its own home. It is started (and warmed up with one ingest, since a cold
    server plans its first queries slowly) in the background as soon as the session runs a test of this
    suite that needs it, so that its start-up overlaps the other tests."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.password = "reliab-" + secrets.token_hex(8)
        self.server: Neo4jServer | None = None
        self._thread: threading.Thread | None = None
        self._error = ""

    def _env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DIPLOGRAPH_NEO4J_BOLT_PORT", "DIPLOGRAPH_NEO4J_HTTP_PORT", "NEO4J_PASSWORD")
        }
        env.update(DIPLOGRAPH_NEO4J_HOME=str(self.home), NEO4J_PASSWORD=self.password)
        env.setdefault("DIPLOGRAPH_NEO4J_START_TIMEOUT", "240")
        return env

    def _share_jars(self) -> None:
        """Reuse the jars another home already fetched (they are only read) instead of fetching again."""
        self.home.mkdir(parents=True, exist_ok=True)
        homes = [os.environ.get("DIPLOGRAPH_NEO4J_HOME"), str(ROOT / ".neo4j")]
        for home in filter(None, homes):
            lib = Path(home) / "lib"
            if (lib / ".stamp").is_file() and not (self.home / "lib").exists():
                (self.home / "lib").symlink_to(lib.resolve(), target_is_directory=True)
                return

    def _bring_up(self) -> None:
        proc = self.script("start")
        if proc.returncode != 0:
            self._error = f"private Neo4j did not start (exit {proc.returncode}):\n{proc.stderr}"
            return
        env = _parse_exports(proc.stdout)
        server = Neo4jServer(
            uri=env["DIPLOGRAPH_STORE"], user=env.get("NEO4J_USER", "neo4j"), password=self.password,
            database=env.get("NEO4J_DATABASE", "neo4j"),
        )
        warm = self.home / "warm-up"
        write_corpus(warm, 16, seed=99)
        ingest = run_cli(["ingest", "--quiet", str(warm)], neo4j_env(server), timeout=300)
        if ingest.returncode != 0:
            self._error = f"warm-up ingest into the private Neo4j failed:\n{ingest.stderr}"
            return
        self.server = server

    def launch(self) -> None:
        if self._thread is None:
            self._share_jars()
            self._thread = threading.Thread(target=self._bring_up, name="private-neo4j", daemon=True)
            self._thread.start()

    def wait(self) -> Neo4jServer:
        self.launch()
        assert self._thread is not None
        self._thread.join(timeout=600)
        if self.server is None:
            pytest.fail(self._error or "private Neo4j: start-up still running after 600 s")
        return self.server

    def script(self, command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(ROOT / "scripts" / "neo4j"), command],
            env=self._env(), capture_output=True, text=True, timeout=timeout,
        )

    def stop(self) -> None:
        proc = self.script("stop")
        assert proc.returncode == 0, proc.stderr

    def start(self) -> None:
        proc = self.script("start")
        assert proc.returncode == 0, proc.stderr

    def shutdown(self) -> None:
        if self._thread is not None:
            self._thread.join(timeout=600)
        if self.home.exists():
            self.script("stop")


@pytest.fixture(scope="session")
def private_neo4j_launcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateNeo4j]:
    server = PrivateNeo4j(tmp_path_factory.mktemp("private-neo4j"))
    try:
        yield server
    finally:
        server.shutdown()


@pytest.fixture(scope="session", autouse=True)
def _launch_private_neo4j_early(request: pytest.FixtureRequest) -> None:
    """Start the private server's (slow) start-up in the background when a collected test needs it."""
    if os.environ.get("DIPLOGRAPH_TEST_NEO4J") == "skip":
        return
    if any(PRIVATE_FIXTURE in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("private_neo4j_launcher").launch()


@pytest.fixture(scope="session")
def private_neo4j(private_neo4j_launcher: PrivateNeo4j) -> PrivateNeo4j:
    """A running private Neo4j (fails, never skips, unless DIPLOGRAPH_TEST_NEO4J=skip)."""
    if os.environ.get("DIPLOGRAPH_TEST_NEO4J") == "skip":
        pytest.skip("Neo4j tests opted out with DIPLOGRAPH_TEST_NEO4J=skip")
    private_neo4j_launcher.wait()
    return private_neo4j_launcher


def open_private(server: Neo4jServer, timeout: float = 30.0) -> GraphStore:
    return open_store(
        server.uri, user=server.user, password=server.password, database=server.database, timeout=timeout
    )


# --- what the process logs ---------------------------------------------------------------------------
class LogLines(logging.Handler):
    """Formatted log records, kept in memory."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(logging.Formatter("%(name)s %(levelname)s %(message)s").format(record))


@pytest.fixture
def logs() -> Iterator[LogLines]:
    """Every log record of the test, of any level, as it would be written (message and traceback)."""
    handler = LogLines()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


# --- the app on each backend ------------------------------------------------------------------------
API_CORPUS = [0, 1, 2]  # corpus articles loaded into the apps of the API tests


# Settings for an app on a backend, and the store it opened: the same as the API tests'.
app_settings, app_store = settings_for, client_store


def load_corpus(store: GraphStore, extractor: Extractor, directory: Path, indexes: list[int]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for i in indexes:
        (directory / f"{i:03d}.txt").write_text(article_text(i), encoding="utf-8")
    summary = ingest_paths([directory], store, extractor)
    assert summary.failed == [] and summary.ingested == len(indexes)


@pytest.fixture(scope="module", params=BACKENDS)
def api_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def loaded_api(
    api_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
    extractor: Extractor,
) -> Iterator[TestClient]:
    """A TestClient (lifespan run, server errors answered as 500s, not raised) over a few corpus
    articles, on each backend."""
    app = create_app(app_settings(api_backend, request, tmp_path_factory))
    with TestClient(app, raise_server_exceptions=False) as client:
        store = app_store(client)
        store.clear()
        load_corpus(store, extractor, tmp_path_factory.mktemp("corpus"), API_CORPUS)
        yield client
