"""Extraction overhead: raw `nlp.pipe` vs `Extractor.extract_many` on the same texts and pipeline.

Target: extract throughput >= 0.75 of raw spaCy throughput, as a ratio within one run per repeat:
raw and extract alternate every two batches, and the ratio is taken on this process's CPU time (the
wall-clock ratio is reported too), so that other processes on a shared machine hardly move it.
A per-stage breakdown of the rules (document model, name resolution, events, graph assembly) on
parsed docs tells where time goes.

    python -m bench.extract_overhead --articles 200 --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench import common
from bench.corpus import generate
from ingest.read import Article, article_from_text

TARGET = 0.75


def corpus_articles(count: int, seed: int) -> list[Article]:
    return [article_from_text(a.body(), published=a.published, title=a.title, url=a.url)
            for a in generate(count, seed)]


Clock = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def clock() -> Clock:
    return time.perf_counter(), time.process_time()


def since(start: Clock) -> Clock:
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def run_raw(nlp: Any, texts: list[str], batch_size: int) -> Clock:
    started = clock()
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    return since(started)


def run_extract(extractor: Any, articles: list[Article]) -> tuple[Clock, int]:
    started, facts = clock(), 0
    for extraction in extractor.extract_many(articles):
        facts += len(extraction.relationships)
    return since(started), facts


def one_repeat(nlp: Any, extractor: Any, articles: list[Article], batch_size: int, flip: bool
               ) -> tuple[dict[str, list[float]], int]:  # fmt: skip
    """Raw and extract alternate chunk by chunk (a few batches each), so that load from other
    processes falls on both alike; wall and CPU seconds are summed per side."""
    totals = {"raw_wall": 0.0, "raw_cpu": 0.0, "extract_wall": 0.0, "extract_cpu": 0.0}
    facts, chunk = 0, batch_size * 2
    for i in range(0, len(articles), chunk):
        part = articles[i : i + chunk]
        for which in (("extract", "raw") if flip ^ (i // chunk % 2 == 1) else ("raw", "extract")):
            if which == "raw":
                wall, cpu = run_raw(nlp, [a.text for a in part], batch_size)
            else:
                (wall, cpu), n = run_extract(extractor, part)
                facts += n
            totals[f"{which}_wall"] += wall
            totals[f"{which}_cpu"] += cpu
    return {k: [v] for k, v in totals.items()}, facts


def stage_breakdown(nlp: Any, articles: list[Article], batch_size: int) -> dict[str, float]:
    """Seconds per rule stage over docs parsed once (the same calls Extractor._from_doc makes)."""
    from ingest.assemble import build_extraction
    from ingest.document import build_doc
    from ingest.events import find_events
    from ingest.extract import article_node
    from ingest.resolve import resolve_people

    docs = list(nlp.pipe([a.text for a in articles], batch_size=batch_size))
    spent = dict.fromkeys(("build_doc", "resolve_people", "find_events", "build_extraction"), 0.0)

    def timed(stage: str, fn: Callable[[], Any]) -> Any:
        t = time.perf_counter()
        value = fn()
        spent[stage] += time.perf_counter() - t
        return value

    for article, doc in zip(articles, docs, strict=True):
        model = timed("build_doc", lambda a=article, d=doc: build_doc(a, d))
        timed("resolve_people", lambda m=model: resolve_people(m))
        events = timed("find_events", lambda m=model: find_events(m))
        node = article_node(article)
        timed("build_extraction", lambda m=model, e=events, n=node: build_extraction(m, e, n))
    return {k: round(v, 3) for k, v in spent.items()}


def measure(count: int, seed: int, repeats: int, batch_size: int, model: str) -> dict[str, Any]:
    from ingest.extract import Extractor
    from ingest.nlp import load_pipeline

    articles = corpus_articles(count, seed)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline(model)
    extractor = Extractor(model=model, batch_size=batch_size)
    run_extract(extractor, articles[: min(20, count)])  # warm-up: model, lexicons, caches
    runs: dict[str, list[float]] = {"raw_wall": [], "raw_cpu": [], "extract_wall": [], "extract_cpu": []}
    facts = 0
    for r in range(repeats):
        totals, facts = one_repeat(nlp, extractor, articles, batch_size, flip=r % 2 == 1)
        for k, v in totals.items():
            runs[k] += v
    cpu_ratios = [raw / ext for raw, ext in zip(runs["raw_cpu"], runs["extract_cpu"], strict=True)]
    wall_ratios = [raw / ext for raw, ext in zip(runs["raw_wall"], runs["extract_wall"], strict=True)]
    ratio = statistics.median(cpu_ratios)
    return {
        "articles": count, "words": words, "batch_size": batch_size, "model": model,
        "pipeline": nlp.pipe_names,
        "raw_articles_per_s": common.summary([count / s for s in runs["raw_wall"]], 2),
        "extract_articles_per_s": common.summary([count / s for s in runs["extract_wall"]], 2),
        "raw_articles_per_cpu_s": common.summary([count / s for s in runs["raw_cpu"]], 2),
        "extract_articles_per_cpu_s": common.summary([count / s for s in runs["extract_cpu"]], 2),
        "throughput_ratio": common.summary(cpu_ratios, 3),
        "throughput_ratio_wall": common.summary(wall_ratios, 3),
        "relationships_extracted": facts,
        "rules_breakdown_s": stage_breakdown(nlp, articles, batch_size),
        "target": {"extract_vs_raw_min": TARGET, "on": "CPU time of this process", "met": ratio >= TARGET},
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--model", default=common.settings_for("./data").spacy_model)
    args = ap.parse_args(argv)
    result = measure(args.articles, args.seed, args.repeats, args.batch_size, args.model)
    common.emit("extract_overhead", result)


if __name__ == "__main__":
    main()
