"""Ingest speed: articles/s per process into each store, the share of store writes, and --jobs scaling.

1. In process, `ingest.pipeline.ingest_paths` over a generated JSON Lines corpus into a fresh store,
   with every GraphStore call timed through a proxy: `upsert` time / whole run <= 0.15 is the target.
   Resolution against the store (`resolve_with_store`, whose store reads are also counted) is timed
   apart, so the rest of the run is reading + extraction.
2. `diplograph ingest --jobs 1` vs `--jobs 2` as subprocesses on fresh stores (wall clock, alternated
   per repeat): target speed-up >= 1.5.

    python -m bench.ingest_speed --articles 200 --repeats 2 [--neo4j] [--jobs-articles 200]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import common
from bench.corpus import generate, write
from graph.store import GraphStore

WRITE_SHARE_MAX = 0.15
JOBS_SPEEDUP_MIN = 1.5
WRITES = ("upsert", "upsert_many", "delete_article")


class TimedStore:
    """Delegates to a GraphStore and adds up the seconds spent in each method."""

    def __init__(self, inner: GraphStore) -> None:
        self._inner = inner
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if not callable(target) or name in ("close",):
            return target

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return target(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                self.calls[name] += 1

        return timed


@contextlib.contextmanager
def timed_resolution(spent: dict[str, float]) -> Iterator[None]:
    """Time `resolve_with_store` as the pipeline calls it (patched in this process only)."""
    import ingest.pipeline as pipeline

    original = pipeline.resolve_with_store

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent["resolve_with_store"] += time.perf_counter() - started

    pipeline.resolve_with_store = timed
    try:
        yield
    finally:
        pipeline.resolve_with_store = original


def fresh_store(location: str | None, workdir: Path, tag: str) -> tuple[str, GraphStore]:
    """An empty store: a new embedded directory, or the Neo4j database cleared."""
    where = location or str(workdir / f"store-{tag}")
    store = common.open_bench_store(where)
    common.clear_store(store, where)
    return where, store


def in_process_run(corpus: Path, location: str | None, workdir: Path, tag: str, batch: int) -> dict[str, Any]:
    from ingest.extract import Extractor
    from ingest.nlp import load_pipeline
    from ingest.pipeline import ingest_paths

    model = common.settings_for("./data").spacy_model
    load_pipeline(model)  # the model load is not part of the rate
    _, inner = fresh_store(location, workdir, tag)
    store, resolution = TimedStore(inner), defaultdict(float)
    try:
        with timed_resolution(resolution):
            started = time.perf_counter()
            summary = ingest_paths([str(corpus)], store, Extractor(model=model, batch_size=batch),  # type: ignore[arg-type]
                                   batch_size=batch)
            total = time.perf_counter() - started
    finally:
        inner.close()
    writes = sum(store.seconds[m] for m in WRITES)
    reads = sum(v for k, v in store.seconds.items() if k not in WRITES)
    return {"articles": summary.ingested, "failed": len(summary.failed), "seconds": round(total, 2),
            "articles_per_s": round(summary.ingested / total, 2), "write_s": round(writes, 2),
            "write_share": round(writes / total, 4), "store_read_s": round(reads, 2),
            "resolve_with_store_s": round(resolution["resolve_with_store"], 2),
            "calls": dict(store.calls),
            "seconds_by_method": {k: round(v, 2) for k, v in store.seconds.items()}}


CLI_CPU: list[float] = []  # CPU seconds (CLI process and its workers) of each cli_run, in order


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_run(corpus: Path, location: str | None, workdir: Path, tag: str, jobs: int) -> float:
    where, store = fresh_store(location, workdir, tag)
    store.close()
    env = {**os.environ, "DIPLOGRAPH_STORE": where}
    command = [*common.CLI, "ingest", str(corpus), "--store", where, "--jobs", str(jobs), "--quiet"]
    started, cpu0 = time.perf_counter(), children_cpu()
    proc = subprocess.run(command, cwd=common.ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    CLI_CPU.append(children_cpu() - cpu0)
    if proc.returncode not in (0, 1):  # 1: some articles failed, listed on stderr
        raise RuntimeError(f"diplograph ingest failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed


def jobs_scaling(corpus: Path, location: str | None, workdir: Path, repeats: int) -> dict[str, Any]:
    """Wall clock of the CLI with --jobs 1 and 2, alternated; the same on a 2-article corpus gives the
    fixed cost (interpreter, model loads in every process), taken off for the steady-state speed-up."""
    tiny = workdir / "tiny.jsonl"
    write(generate(2, 99), tiny)
    times: dict[int, list[float]] = {1: [], 2: []}
    fixed: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    for r in range(repeats):
        for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):
            times[jobs].append(cli_run(corpus, location, workdir, f"cli-{jobs}-{r}", jobs))
            cpu[jobs].append(CLI_CPU[-1])
            fixed[jobs].append(cli_run(tiny, location, workdir, f"tiny-{jobs}-{r}", jobs))
    speedups = [one / two for one, two in zip(times[1], times[2], strict=True)]
    rows = zip(times[1], fixed[1], times[2], fixed[2], strict=True)
    steady = [(t1 - f1) / (t2 - f2) for t1, f1, t2, f2 in rows]
    median = statistics.median(speedups)
    return {"seconds_jobs1": common.summary(times[1], 2), "seconds_jobs2": common.summary(times[2], 2),
            "fixed_seconds_jobs1": common.summary(fixed[1], 2),
            "fixed_seconds_jobs2": common.summary(fixed[2], 2),
            "cpu_seconds_jobs1": common.summary(cpu[1], 2), "cpu_seconds_jobs2": common.summary(cpu[2], 2),
            "loadavg_1min_at_end": round(os.getloadavg()[0], 2),
            "speedup": common.summary(speedups, 3), "steady_speedup": common.summary(steady, 3),
            "target": {"speedup_min": JOBS_SPEEDUP_MIN, "met": median >= JOBS_SPEEDUP_MIN}}


def backend_report(corpus: Path, location: str | None, workdir: Path, args: argparse.Namespace
                   ) -> dict[str, Any]:  # fmt: skip
    runs = [in_process_run(corpus, location, workdir, f"run-{r}", args.batch_size)
            for r in range(args.repeats)]
    share = statistics.median(r["write_share"] for r in runs)
    report: dict[str, Any] = {
        "articles_per_s": common.summary([r["articles_per_s"] for r in runs], 2),
        "write_share": common.summary([r["write_share"] for r in runs], 4),
        "target": {"write_share_max": WRITE_SHARE_MAX, "met": share <= WRITE_SHARE_MAX},
        "runs": runs,
    }
    if args.jobs_articles:
        jobs_corpus = workdir / "jobs.jsonl"
        if not jobs_corpus.exists():
            write(generate(args.jobs_articles, args.seed + 1), jobs_corpus)
        report["jobs"] = {"articles": args.jobs_articles,
                          **jobs_scaling(jobs_corpus, location, workdir, args.jobs_repeats)}
    return report


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--jobs-articles", type=int, default=200, help="corpus size of the --jobs runs (0: skip)")
    ap.add_argument("--jobs-repeats", type=int, default=2)
    ap.add_argument("--neo4j", action="store_true", help="also the Neo4j of DIPLOGRAPH_STORE (bolt://...)")
    ap.add_argument("--only-neo4j", action="store_true")
    args = ap.parse_args(argv)
    backends: dict[str, str | None] = {} if args.only_neo4j else {"embedded": None}
    if args.neo4j or args.only_neo4j:
        uri = common.neo4j_location()
        if uri is None:
            ap.error("--neo4j needs DIPLOGRAPH_STORE=bolt://... (eval \"$(scripts/neo4j start)\")")
        backends["neo4j"] = uri
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus.jsonl"
        write(generate(args.articles, args.seed), corpus)
        for name, location in backends.items():
            report = backend_report(corpus, location, workdir, args)
            common.emit(f"ingest_speed-{name}", {"articles": args.articles, "batch_size": args.batch_size,
                                                 "backends": {name: report}})


if __name__ == "__main__":
    main()
