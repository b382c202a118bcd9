"""`kill -9` of a `diplograph ingest` subprocess at seeded random points while it writes, then a rerun:
the store must open after every kill, and the rerun must converge to the uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph import GraphStore
from ingest.extract import Extractor
from ingest.pipeline import ingest_paths
from tests.reliability.conftest import DIPLOGRAPH, ROOT, Snapshot, counts, snapshot

BATCH = 1  # articles per extraction batch and write: writes spread over the run, not bunched at its end
START_TIMEOUT = 120.0  # seconds for the subprocess to load spaCy and write its first article


@dataclass
class Backend:
    """How the crash runs reach one backend."""

    env: dict[str, str]  # of the ingest subprocess (its DIPLOGRAPH_STORE and credentials)
    reset: Callable[[], None]  # empty the store before a run
    open: Callable[[], GraphStore]
    articles: Callable[[], int]  # articles stored so far, read while the subprocess writes


@dataclass
class Report:
    killed: int = 0  # runs killed mid-ingest (the others had finished before their kill time)
    articles_at_kill: list[int] = field(default_factory=list)  # as seen just before each kill
    seconds: list[str] = field(default_factory=list)  # where the time goes: reference, then kill + rerun


def reference(backend: Backend, corpus: Path, extractor: Extractor, size: int) -> Snapshot:
    """The uninterrupted run (in process)."""
    backend.reset()
    store = backend.open()
    try:
        summary = ingest_paths([corpus], store, extractor, batch_size=BATCH)
        assert (summary.ingested, summary.failed) == (size, [])
        return snapshot(store)
    finally:
        store.close()


def run_and_kill(backend: Backend, corpus: Path, rng: random.Random, size: int) -> tuple[bool, int]:
    """Start the ingest; once it has stored a random number of articles (1 to all), wait a random few
    milliseconds (to land inside a write) and kill -9 it. Returns whether it was still running when
    killed, and how many articles were stored at that moment."""
    target = rng.randint(1, size)
    proc = subprocess.Popen(
        [DIPLOGRAPH, "ingest", "--quiet", str(corpus)],
        env={**backend.env, "DIPLOGRAPH_BATCH_SIZE": str(BATCH)}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        stored = 0
        while proc.poll() is None and (stored := backend.articles()) < target:
            assert time.monotonic() < deadline, f"the ingest stored {stored} articles in {START_TIMEOUT}s"
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))
        alive = proc.poll() is None
        if alive:
            os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
        if not alive:
            assert proc.returncode == 0, err.decode(errors="replace")
        else:
            assert proc.returncode == -signal.SIGKILL
        return alive, stored
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)


def crash_and_converge(backend: Backend, corpus: Path, extractor: Extractor, runs: int, seed: str) -> Report:
    """`runs` kill -9 runs over the articles of `corpus`, each followed by a rerun (in process) that
    must converge to the uninterrupted run."""
    size = len(list(corpus.iterdir()))
    started = time.monotonic()
    expected = reference(backend, corpus, extractor, size)
    report = Report(seconds=[f"{time.monotonic() - started:.1f}"])
    for run in range(runs):
        started = time.monotonic()
        backend.reset()
        alive, stored = run_and_kill(backend, corpus, random.Random(f"{seed}:{run}"), size)
        killed_at = time.monotonic()
        report.killed += alive
        report.articles_at_kill.append(stored)
        store = backend.open()  # must open, whatever the kill interrupted
        try:
            partial = counts(store)
            assert partial["nodes"].get("Article", 0) <= size
            summary = ingest_paths([corpus], store, extractor, batch_size=BATCH)
            assert summary.failed == [], summary.failed
            assert summary.ingested == size
            converged = snapshot(store)
            assert converged.counts == expected.counts, (run, stored, converged.counts, expected.counts)
            assert converged.export == expected.export, f"run {run}: same counts, other graph"
            report.seconds.append(f"{killed_at - started:.1f}+{time.monotonic() - killed_at:.1f}")
        finally:
            store.close()
    assert report.killed >= 1, f"no run was killed while writing: {report}"
    return report
