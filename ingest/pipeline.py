"""From paths to the store: read, extract (in batches, optionally in worker processes), resolve
against the store and write, in order, so that resolution sees every article before it in the same run.
A failing article is recorded and the run goes on.

Two things keep the store's share of the run small without changing what lands in it:
- An article whose stored copy has the same content hash is not extracted at all: its stored version
  is read before extraction (when the batch is read, or submitted to the workers). That read still holds
  when the article's turn comes, unless the same id came earlier in the run (then it is read again).
- Resolved articles are written several at a time (one `upsert_many`, one transaction on Neo4j). An
  article is resolved while the articles before it may still be waiting to be written, through `_Reads`,
  which records whether the waiting writes could change any answer it gave (a node they write, a match
  key they add, a participant they link); if so they are written first and the article is resolved
  again. Articles that replace a stored version (they delete facts) are written alone, in order. So the
  graph, the summary and the order of failures are those of writing one article at a time.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from graph.errors import GraphError
from graph.model import Extraction, Label, Node, Triple, fold
from graph.store import GraphStore, UpsertResult
from graph.views import ArticleView
from ingest.errors import IngestError
from ingest.extract import Extractor
from ingest.read import Article, ReadFailure, read_paths
from ingest.resolve import resolve_with_store

MAX_PENDING = 32  # resolved articles per write; within one Neo4j transaction (graph.neo4j_store._CHUNK)


@dataclass
class IngestSummary:
    read: int = 0
    ingested: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[ReadFailure] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0


def _same(article: Article, stored: ArticleView | None) -> bool:
    return stored is not None and stored.content_hash == article.content_hash


def _unchanged(article: Article, store: GraphStore) -> bool:
    return _same(article, store.get_article(article.id))


def ingest_article(
    article: Article, store: GraphStore, extractor: Extractor
) -> tuple[UpsertResult, Extraction]:
    """Extract one article, resolve it against the store and write it (idempotent)."""
    extraction = extractor.extract(article)
    if _unchanged(article, store):
        return UpsertResult(article_id=article.id, status="unchanged"), extraction
    resolved = resolve_with_store(extraction, store)
    return store.upsert(resolved), resolved


@dataclass(frozen=True)
class _Job:
    """An article and its stored version as read before extraction (`checked`: that read succeeded and
    no earlier article of the run had the same id, so it still holds when the article is written)."""

    article: Article
    checked: bool = False
    stored: ArticleView | None = None

    @property
    def unchanged(self) -> bool:
        return self.checked and _same(self.article, self.stored)


Item = _Job | ReadFailure
Outcome = Extraction | str | None  # an extraction, the message of its failure, or None: not extracted


def _batches(items: Iterable[Article | ReadFailure], size: int) -> Iterator[list[Article | ReadFailure]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _checked(
    batches: Iterator[list[Article | ReadFailure]], store: GraphStore, seen: set[str]
) -> Iterator[list[Item]]:
    """Each batch with the stored version of its articles, read before they are extracted."""
    for batch in batches:
        items: list[Item] = []
        for item in batch:
            if isinstance(item, ReadFailure):
                items.append(item)
                continue
            job = _Job(item)
            if item.id not in seen:
                with contextlib.suppress(GraphError):  # else read again at its turn, where it is reported
                    job = _Job(item, checked=True, stored=store.get_article(item.id))
            seen.add(item.id)
            items.append(job)
        yield items


def _to_extract(batch: list[Item]) -> list[Article]:
    return [j.article for j in batch if isinstance(j, _Job) and not j.unchanged]


def _paired(batch: list[Item], extractions: list[Extraction | str]) -> list[tuple[Item, Outcome]]:
    done = iter(extractions)
    return [(j, next(done) if isinstance(j, _Job) and not j.unchanged else None) for j in batch]


def _extract_batch(model: str, batch: list[Article]) -> list[Extraction | str]:
    """Extractions of a batch (one nlp.pipe pass), or per article the message of its failure."""
    if not batch:
        return []
    extractor = Extractor(model=model, batch_size=max(len(batch), 1))
    try:
        return list(extractor.extract_many(batch))
    except IngestError:
        raise  # the model is missing: no article can be read
    except Exception:  # noqa: BLE001 - a rule failing on one article must not stop the corpus
        out: list[Extraction | str] = []
        for article in batch:
            try:
                out.append(extractor.extract(article))
            except Exception as exc:  # noqa: BLE001
                out.append(f"extraction failed: {type(exc).__name__}: {exc}")
        return out


def _extracted(
    batches: Iterator[list[Item]], extractor: Extractor, jobs: int
) -> Iterator[list[tuple[Item, Outcome]]]:
    """Each batch with its extractions, in input order; with jobs > 1, worker processes run ahead
    by at most `jobs` batches."""
    if jobs <= 1:
        for batch in batches:
            yield _paired(batch, _extract_batch(extractor.model, _to_extract(batch)))
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list[tuple[list[Item], Future[list[Extraction | str]]]] = []
        for batch in batches:
            pending.append((batch, pool.submit(_extract_batch, extractor.model, _to_extract(batch))))
            if len(pending) > jobs:
                yield _pair(*pending.pop(0))
        for item in pending:
            yield _pair(*item)


def _pair(batch: list[Item], future: Future[list[Extraction | str]]) -> list[tuple[Item, Outcome]]:
    return _paired(batch, future.result())


class _Pending:
    """Resolved articles not written yet, and what writing them will touch."""

    def __init__(self) -> None:
        self.extractions: list[Extraction] = []
        self.ids: set[str] = set()  # every node they write, their articles included
        self.keys: dict[str, set[str]] = {}  # label -> folded keys they give nodes (name, aliases, keys)
        self.starts: set[str] = set()  # start nodes of their relationships

    def add(self, ex: Extraction) -> None:
        self.extractions.append(ex)
        for node in [ex.article, *ex.nodes]:
            self.ids.add(node.id)
            extra = node.props.get("keys")
            supplied = [k for k in extra if isinstance(k, str)] if isinstance(extra, list) else []
            keys = {fold(k) for k in [node.name, *node.aliases, *supplied]} - {""}
            self.keys.setdefault(node.label, set()).update(keys)
        self.starts.update(r.start for r in ex.relationships)


class _Reads:
    """The store as resolution reads it while `pending` waits to be written. `stale` turns True when an
    answer could differ once they are written: it names or returns a node they write, matches keys they
    add, or asks for events of a node they link. Any other call counts as stale too."""

    def __init__(self, store: GraphStore, pending: _Pending) -> None:
        self._store, self._pending = store, pending
        self.stale = False

    def _returns(self, nodes: list[Node]) -> list[Node]:
        self.stale = self.stale or any(n.id in self._pending.ids for n in nodes)
        return nodes

    def find_by_keys(self, label: Label, keys: list[str]) -> list[Node]:
        added = self._pending.keys.get(label, set())
        self.stale = self.stale or any(fold(k) in added for k in keys)
        return self._returns(self._store.find_by_keys(label, keys))

    def events_with_participants(self, label: Label, participant_ids: list[str]) -> list[Node]:
        self.stale = self.stale or any(p in self._pending.starts for p in participant_ids)
        return self._returns(self._store.events_with_participants(label, participant_ids))

    def get_node(self, node_id: str) -> Node | None:
        self.stale = self.stale or node_id in self._pending.ids
        return self._store.get_node(node_id)

    def __getattr__(self, name: str) -> Any:
        self.stale = True
        return getattr(self._store, name)


class _Writer:
    """Resolves and writes articles in input order, several per write (see the module docstring)."""

    def __init__(self, store: GraphStore, summary: IngestSummary, limit: int) -> None:
        self.store, self.summary, self.limit = store, summary, max(1, min(limit, MAX_PENDING))
        self.pending = _Pending()
        self.sources: list[str] = []  # the pending articles' ids, for failures
        self.articles_written: set[str] = set()  # Article nodes written other than as their own article

    def fail(self, failure: ReadFailure) -> None:
        self.flush()  # failures are listed in input order
        self.summary.failed.append(failure)

    def add(self, job: _Job, extraction: Extraction) -> None:
        article = job.article
        try:
            if job.checked and article.id not in self.articles_written:
                stored = job.stored
            else:
                if article.id in self.pending.ids:
                    self.flush()
                stored = self.store.get_article(article.id)
            if _same(article, stored):
                self.summary.unchanged += 1
                self.summary.ingested += 1
                return
            if stored is not None:  # replacing a stored version deletes facts: alone, in order
                self.flush()
                self._count(self.store.upsert(resolve_with_store(extraction, self.store)))
                return
            reads = _Reads(self.store, self.pending)
            resolved = resolve_with_store(extraction, cast(GraphStore, reads))
            if reads.stale:
                self.flush()
                resolved = resolve_with_store(extraction, self.store)
        except GraphError as exc:
            self.fail(ReadFailure(article.id, f"store refused it: {exc}"))
            return
        self.pending.add(resolved)
        self.sources.append(article.id)
        self.articles_written.update(n.id for n in resolved.nodes if n.label == "Article")
        if len(self.sources) >= self.limit:
            self.flush()

    def flush(self) -> None:
        if not self.sources:
            return
        extractions, sources = self.pending.extractions, self.sources
        self.pending, self.sources = _Pending(), []
        try:
            results = self.store.upsert_many(extractions)
        except GraphError:  # nothing was written (validated first): one by one, as if never batched
            for source, ex in zip(sources, extractions, strict=True):
                try:
                    self._count(self.store.upsert(ex))
                except GraphError as exc:
                    self.summary.failed.append(ReadFailure(source, f"store refused it: {exc}"))
            return
        for result in results:
            self._count(result)

    def _count(self, result: UpsertResult) -> None:
        self.summary.ingested += 1
        self.summary.updated += result.status == "updated"
        self.summary.unchanged += result.status == "unchanged"
        self.summary.nodes += result.nodes
        self.summary.relationships += result.relationships


def ingest_paths(
    paths: Iterable[str | Path],
    store: GraphStore,
    extractor: Extractor,
    *,
    max_chars: int = 200_000,
    batch_size: int = 32,
    jobs: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Read, extract and store every article under `paths`; failures are listed in the summary."""
    summary = IngestSummary()
    writer = _Writer(store, summary, batch_size)
    batches = _checked(_batches(read_paths(paths, max_chars=max_chars), batch_size), store, set())
    for batch in _extracted(batches, extractor, jobs):
        for item, extraction in batch:
            if isinstance(item, ReadFailure):
                writer.fail(item)
                continue
            summary.read += 1
            if item.unchanged and item.article.id in writer.articles_written:
                # an earlier article of the run wrote a node with this id since it was checked
                item, extraction = _Job(item.article), _extract_batch(extractor.model, [item.article])[0]
            if item.unchanged:
                summary.unchanged += 1
                summary.ingested += 1
            elif isinstance(extraction, Extraction):
                writer.add(item, extraction)
            else:
                writer.fail(ReadFailure(item.article.id, str(extraction)))
        writer.flush()  # a batch has landed when it is reported
        if on_progress is not None:
            on_progress(len(batch))
    return summary


def extract_triples(paths: Iterable[str | Path], extractor: Extractor) -> Iterator[Triple | ReadFailure]:
    """Triples of every article under `paths` (nothing stored), read failures in between."""
    for batch in _batches(read_paths(paths), extractor.batch_size):
        articles = [a for a in batch if isinstance(a, Article)]
        extractions = iter(extractor.extract_many(articles))
        for item in batch:
            if isinstance(item, ReadFailure):
                yield item
            else:
                yield from next(extractions).triples
