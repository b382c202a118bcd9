"""From paths to the store: read, extract (in batches, optionally in worker processes), resolve
against the store and write, one article at a time and in order, so resolution sees the articles
written before it in the same run. A failing article is recorded and the run goes on."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import GraphError
from graph.model import Extraction, Triple
from graph.store import GraphStore, UpsertResult
from ingest.errors import IngestError
from ingest.extract import Extractor
from ingest.read import Article, ReadFailure, read_paths
from ingest.resolve import resolve_with_store


@dataclass
class IngestSummary:
    read: int = 0
    ingested: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[ReadFailure] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0


def _unchanged(article: Article, store: GraphStore) -> bool:
    stored = store.get_node(article.id)
    return stored is not None and stored.props.get("content_hash") == article.content_hash


def ingest_article(
    article: Article, store: GraphStore, extractor: Extractor
) -> tuple[UpsertResult, Extraction]:
    """Extract one article, resolve it against the store and write it (idempotent)."""
    extraction = extractor.extract(article)
    if _unchanged(article, store):
        return UpsertResult(article_id=article.id, status="unchanged"), extraction
    resolved = resolve_with_store(extraction, store)
    return store.upsert(resolved), resolved


def _batches(items: Iterable[Article | ReadFailure], size: int) -> Iterator[list[Article | ReadFailure]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _extract_batch(model: str, batch: list[Article]) -> list[Extraction | str]:
    """Extractions of a batch (one nlp.pipe pass), or per article the message of its failure."""
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
    batches: Iterator[list[Article | ReadFailure]], extractor: Extractor, jobs: int
) -> Iterator[list[tuple[Article | ReadFailure, Extraction | str | None]]]:
    """Each batch with its extractions, in input order; with jobs > 1, worker processes run ahead
    by at most `jobs` batches."""
    if jobs <= 1:
        for batch in batches:
            articles = [a for a in batch if isinstance(a, Article)]
            done = iter(_extract_batch(extractor.model, articles)) if articles else iter([])
            yield [(a, next(done) if isinstance(a, Article) else None) for a in batch]
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list[tuple[list[Article | ReadFailure], Future[list[Extraction | str]]]] = []
        for batch in batches:
            pending.append(
                (
                    batch,
                    pool.submit(
                        _extract_batch, extractor.model, [a for a in batch if isinstance(a, Article)]
                    ),
                )
            )
            if len(pending) > jobs:
                yield _pair(*pending.pop(0))
        for item in pending:
            yield _pair(*item)


def _pair(
    batch: list[Article | ReadFailure], future: Future[list[Extraction | str]]
) -> list[tuple[Article | ReadFailure, Extraction | str | None]]:
    done = iter(future.result())
    return [(a, next(done) if isinstance(a, Article) else None) for a in batch]


def _store_one(article: Article, extraction: Extraction, store: GraphStore, summary: IngestSummary) -> None:
    if _unchanged(article, store):
        summary.unchanged += 1
        summary.ingested += 1
        return
    result = store.upsert(resolve_with_store(extraction, store))
    summary.ingested += 1
    summary.updated += result.status == "updated"
    summary.unchanged += result.status == "unchanged"
    summary.nodes += result.nodes
    summary.relationships += result.relationships


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
    batches = _batches(read_paths(paths, max_chars=max_chars), batch_size)
    for batch in _extracted(batches, extractor, jobs):
        for item, extraction in batch:
            if isinstance(item, ReadFailure):
                summary.failed.append(item)
                continue
            summary.read += 1
            if isinstance(extraction, str) or extraction is None:
                summary.failed.append(ReadFailure(item.id, str(extraction)))
                continue
            try:
                _store_one(item, extraction, store, summary)
            except GraphError as exc:
                summary.failed.append(ReadFailure(item.id, f"store refused it: {exc}"))
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
