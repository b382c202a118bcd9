"""kill -9 of `diplograph ingest` into the embedded store, at seeded random points: the directory always
opens, and a rerun converges to exactly what an uninterrupted run stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import open_store
from ingest.extract import Extractor
from tests.reliability.conftest import cli_env
from tests.reliability.corpus import write_corpus
from tests.reliability.crash import Backend, crash_and_converge

CORPUS = 24  # small articles: enough for a run of a few seconds
RUNS = 3
pytestmark = pytest.mark.slow


def journaled_articles(directory: Path) -> int:
    """Operations in the journal after its header: read from the files, without opening the store."""
    try:
        return max(0, (directory / "journal.jsonl").read_bytes().count(b"\n") - 1)
    except FileNotFoundError:
        return 0


def test_kill_9_during_embedded_ingest_loses_nothing(tmp_path: Path, extractor: Extractor) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CORPUS, seed=1)
    location = tmp_path / "store"

    def reset() -> None:
        shutil.rmtree(location, ignore_errors=True)

    backend = Backend(
        env=cli_env(DIPLOGRAPH_STORE=str(location)),
        reset=reset,
        open=lambda: open_store(str(location)),
        articles=lambda: journaled_articles(location),
    )
    report = crash_and_converge(backend, corpus, extractor, RUNS, seed="embedded")
    print(f"embedded kill -9: {report}")
