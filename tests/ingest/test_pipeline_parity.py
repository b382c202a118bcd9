"""The pipeline writes what writing one article at a time writes, on both stores.

`ingest_paths` checks stored versions before extraction and writes several resolved articles at once
(ingest/pipeline.py); the reference here is the plain loop it replaced: extract, skip an unchanged
article, resolve against the store, upsert, one article after the other. A corpus of the seeds, the
dev articles and a few held-out ones (the same countries and officials recur, so resolution reuses
earlier articles), then a second directory holding an edited seed (an update within the run) and an
identical one, must give the same graph, node for node and edge for edge, and the same summary.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import ingest.pipeline as pipeline
from graph import GraphStore, open_store
from graph.store import UpsertResult
from ingest.extract import Extractor
from ingest.pipeline import IngestSummary, ingest_paths
from ingest.read import Article, ReadFailure, read_paths
from ingest.resolve import resolve_with_store
from tests.conftest import BACKENDS, SEEDS, make_store

HERE = Path(__file__).resolve().parent
HELDOUT = ["02_japan_india_kyodo.txt", "03_kazakhstan_uzbekistan_kazinform.txt", "05_ghana_nigeria_gna.txt",
           "07_egypt_ethiopia_ahram.txt", "09_brazil_argentina_agenciabrasil.txt"]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """[the corpus directory, a second directory re-reading two seeds under the same ids]."""
    root = tmp_path_factory.mktemp("corpus")
    main, again = root / "main", root / "again"
    main.mkdir()
    again.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, main / path.name)
    for path in sorted((HERE / "dev" / "articles").glob("*.txt")):
        shutil.copy(path, main / f"dev_{path.name}")
    for name in HELDOUT:
        shutil.copy(HERE / "heldout" / "articles" / name, main / f"heldout_{name}")
    seeds = sorted(SEEDS.glob("*.txt"))
    edited = seeds[1].read_text(encoding="utf-8").replace(" met ", " held talks with ", 1)
    (again / seeds[1].name).write_text(edited + "\nThe talks were held in a friendly atmosphere.\n")
    shutil.copy(seeds[3], again / seeds[3].name)
    return [main, again]


def one_by_one(paths: list[Path], store: GraphStore, extractor: Extractor) -> IngestSummary:
    """The reference: every article extracted, then resolved and written alone, in order."""
    summary = IngestSummary()
    items = list(read_paths(paths))
    articles = [a for a in items if isinstance(a, Article)]
    extractions = dict(zip([id(a) for a in articles], extractor.extract_many(articles), strict=True))
    for item in items:
        if isinstance(item, ReadFailure):
            summary.failed.append(item)
            continue
        summary.read += 1
        summary.ingested += 1
        stored = store.get_node(item.id)
        if stored is not None and stored.props.get("content_hash") == item.content_hash:
            summary.unchanged += 1
            continue
        result: UpsertResult = store.upsert(resolve_with_store(extractions[id(item)], store))
        summary.updated += result.status == "updated"
        summary.unchanged += result.status == "unchanged"
        summary.nodes += result.nodes
        summary.relationships += result.relationships
    return summary


def graph_of(store: GraphStore) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = [n.model_dump() for n in store.iter_nodes()]
    rels = [r.model_dump() for r in store.iter_relationships()]
    return nodes, rels


@pytest.fixture(scope="module")
def reference(
    corpus: list[Path], extractor: Extractor, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[IngestSummary, tuple[list[dict[str, Any]], list[dict[str, Any]]]]]:
    store = open_store(str(tmp_path_factory.mktemp("reference") / "store"))
    try:
        summary = one_by_one(corpus, store, extractor)
        yield summary, graph_of(store)
    finally:
        store.close()


class Spy:
    """Counts the store's writes and the articles handed to extraction (in this process)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, store: GraphStore) -> None:
        self.writes = 0
        self.extracted: list[str] = []
        to_extract = pipeline._to_extract

        def counted(batch: list[pipeline.Item]) -> list[Article]:
            articles = to_extract(batch)
            self.extracted += [a.id for a in articles]
            return articles

        monkeypatch.setattr(pipeline, "_to_extract", counted)
        for name in ("upsert", "upsert_many"):
            method = getattr(store, name)
            monkeypatch.setattr(store, name, self._counting(method))

    def _counting(self, method: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.writes += 1
            return method(*args, **kwargs)

        return call


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_pipeline_writes_the_graph_of_one_article_at_a_time(
    backend: str,
    corpus: list[Path],
    reference: tuple[IngestSummary, tuple[list[dict[str, Any]], list[dict[str, Any]]]],
    extractor: Extractor,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected_summary, expected_graph = reference
    store = make_store(backend, request, tmp_path)
    try:
        spy = Spy(monkeypatch, store)
        summary = ingest_paths(corpus, store, extractor, batch_size=8)
        assert summary == expected_summary
        assert (summary.read, summary.updated, summary.unchanged, summary.failed) == (20, 1, 1, [])
        assert graph_of(store) == expected_graph
        assert spy.writes < summary.ingested - summary.unchanged  # several articles per write

        # Again: both are stored with their hash by now, so nothing is extracted or written.
        spy.extracted, spy.writes = [], 0
        again = ingest_paths(corpus[1:], store, extractor, batch_size=8)
        assert (again.read, again.ingested, again.unchanged, again.failed) == (2, 2, 2, [])
        assert (spy.extracted, spy.writes) == ([], 0)
        assert graph_of(store) == expected_graph
    finally:
        store.close()


@pytest.mark.slow
def test_unchanged_articles_are_not_extracted_with_worker_processes(
    corpus: list[Path], extractor: Extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(str(tmp_path / "store"))
    try:
        seeds = sorted(corpus[0].glob("0*.txt"))
        first = ingest_paths(seeds[:3], store, extractor, jobs=2, batch_size=2)
        assert (first.read, first.ingested, first.unchanged) == (3, 3, 0)
        spy = Spy(monkeypatch, store)
        # the same three and two new ones: only the new ones are extracted
        again = ingest_paths(seeds, store, extractor, jobs=2, batch_size=2)
        assert (again.read, again.ingested, again.unchanged, again.failed) == (5, 5, 3, [])
        assert spy.extracted == [p.name for p in seeds[3:]]
    finally:
        store.close()


def test_an_article_read_twice_in_one_run_is_extracted_again(
    extractor: Extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored article that comes back twice, changed then as stored: the second copy's stored
    version is the changed one by then, so it must be extracted and written back."""
    seed = sorted(SEEDS.glob("*.txt"))[4]
    first, second, third = (tmp_path / d for d in ("a", "b", "c"))
    for folder in (first, second, third):
        folder.mkdir()
        shutil.copy(seed, folder / seed.name)
    (second / seed.name).write_text(seed.read_text(encoding="utf-8").replace("Vietnam", "Viet Nam", 3))
    store = open_store(str(tmp_path / "store"))
    try:
        ingest_paths([first], store, extractor)
        spy = Spy(monkeypatch, store)
        summary = ingest_paths([first, second, third], store, extractor)
        assert (summary.read, summary.ingested, summary.unchanged, summary.updated) == (3, 3, 1, 2)
        assert spy.extracted == [seed.name, seed.name]  # the first copy was known unchanged
        reference = open_store(str(tmp_path / "reference"))
        try:
            one_by_one([first, second, third], reference, extractor)
            assert graph_of(store) == graph_of(reference)
        finally:
            reference.close()
    finally:
        store.close()


def test_reads_are_stale_exactly_when_pending_writes_could_change_them(tmp_path: Path) -> None:
    """What resolution read while articles wait to be written is stale when they write a node it
    returned, add a key it looked up, or link a participant it asked about; otherwise not."""
    from graph.model import Extraction, Node, Relationship
    from tests.graph import factories as f

    store = open_store(str(tmp_path / "store"))
    try:
        store.upsert(f.kenya_japan())
        waiting = pipeline._Pending()
        meeting = Node(id="meeting:new", label="Meeting", name="Talks")
        newcomer = Node(id="person:ada-obi", label="Person", name="Ada Obi", props={"keys": ["a. obi"]})
        rel = Relationship(type="PARTICIPATED_IN", start="person:ada-obi", end="meeting:new")
        article = Node(id="art-new", label="Article", name="New")
        waiting.add(Extraction(article=article, nodes=[meeting, newcomer], relationships=[rel]))

        def stale(call: Callable[[pipeline._Reads], object]) -> bool:
            reads = pipeline._Reads(store, waiting)
            call(reads)
            return reads.stale

        assert not stale(lambda r: r.find_by_keys("Person", ["amani wekesa"]))
        assert stale(lambda r: r.find_by_keys("Person", ["Ada Obi"]))  # a key the waiting write adds
        assert stale(lambda r: r.find_by_keys("Person", ["A. Obi"]))  # its `keys` prop, folded
        assert not stale(lambda r: r.find_by_keys("Organization", ["ada obi"]))  # another label
        assert not stale(lambda r: r.events_with_participants("Meeting", [f.WEKESA, f.SAKAMOTO]))
        assert stale(lambda r: r.events_with_participants("Meeting", [f.WEKESA, "person:ada-obi"]))
        assert not stale(lambda r: r.get_node(f.WEKESA))
        assert stale(lambda r: r.get_node("art-new"))
        assert stale(lambda r: r.list_people())  # anything else counts as stale
        waiting.add(Extraction(article=Node(id="art-2", label="Article", name="Two"),
                               nodes=[Node(id=f.WEKESA, label="Person", name="Amani Wekesa")]))  # fmt: skip
        assert stale(lambda r: r.find_by_keys("Person", ["amani wekesa"]))  # returns a node it rewrites
    finally:
        store.close()
