"""Memory: RSS of the API process over the embedded store of a generated graph, and peak RSS of ingest.

1. `diplograph serve` on the embedded store holding `--meetings` (1e5 for the brief), after a short
   warm-up of every endpoint: VmRSS and VmHWM from /proc; the same for an empty store as baseline.
2. `diplograph ingest` of a generated corpus (10k articles for the brief) as a subprocess: peak RSS
   (wait4's ru_maxrss, which also covers the children of --jobs) and the RSS sampled along the way;
   a second run on a tenth of the corpus shows whether memory grows with the corpus (streaming) or
   only with the graph the store keeps.

    python -m bench.memory --meetings 100000 --articles 10000
    python -m bench.memory --meetings 10000 --articles 200 --store neo4j   # ingest into Neo4j
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import common, graphgen, queries
from bench.api_load import load
from bench.corpus import generate, write


def api_memory(location: str, universe: graphgen.Universe | None, warm: int) -> dict[str, Any]:
    with common.api_server(location) as (base, proc):
        after_start = common.proc_status(proc.pid)
        if universe is not None:
            for endpoint in queries.ENDPOINTS:
                asyncio.run(load(base, queries.plan(universe, endpoint, warm), 4, 60.0))
        return {"after_start_mib": after_start, "after_queries_mib": common.proc_status(proc.pid)}


def ingest_peak(corpus: Path, location: str, jobs: int) -> dict[str, Any]:
    """Run the CLI ingest and follow its memory; the store at `location` is cleared first."""
    store = common.open_bench_store(location)
    common.clear_store(store, location)
    store.close()
    command = [*common.CLI, "ingest", str(corpus), "--store", location, "--jobs", str(jobs), "--quiet"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=common.ROOT, env={**os.environ, "DIPLOGRAPH_STORE": location},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[tuple[float, int]] = []
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = common.proc_status(proc.pid).get("VmRSS")
        if rss is not None:
            samples.append((round(time.perf_counter() - started, 1), rss))
        time.sleep(0.5)
    proc.returncode = os.waitstatus_to_exitcode(status)
    step = max(1, len(samples) // 10)
    return {"exit_code": proc.returncode, "seconds": round(time.perf_counter() - started, 1),
            "peak_rss_mib": round(usage.ru_maxrss / 1024),
            "rss_samples_s_mib": samples[::step] + samples[-1:]}


def ingest_memory(articles: int, backend: str, seed: int, jobs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
        work = Path(tmp)
        out: dict[str, Any] = {}
        for n in sorted({max(1, articles // 10), articles}):
            corpus = work / f"corpus-{n}.jsonl"
            write(generate(n, seed), corpus)
            location = common.neo4j_location() if backend == "neo4j" else str(work / f"store-{n}")
            assert location is not None
            out[str(n)] = ingest_peak(corpus, location, jobs)
            corpus.unlink()
    small, big = (out[k]["peak_rss_mib"] for k in sorted(out, key=int))
    return {"runs": out, "peak_growth_x": round(big / small, 2),
            "corpus_growth_x": round(articles / max(1, articles // 10), 1)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--meetings", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--warm", type=int, default=100, help="warm-up requests per endpoint before reading RSS")
    ap.add_argument("--store", choices=("embedded", "neo4j"), default="embedded", help="ingest target")
    ap.add_argument("--skip-api", action="store_true")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args(argv)
    if args.store == "neo4j" and common.neo4j_location() is None:
        ap.error('--store neo4j needs DIPLOGRAPH_STORE=bolt://... (eval "$(scripts/neo4j start)")')
    result: dict[str, Any] = {"meetings": args.meetings, "articles": args.articles}
    if not args.skip_api:
        universe = graphgen.Universe(graphgen.Sizes.for_meetings(args.meetings), args.seed)
        location = common.graph_dir(args.meetings, args.seed)
        store = common.open_bench_store(location)
        try:
            result["graph_load"] = graphgen.ensure_loaded(store, universe, location)
        finally:
            store.close()
        with tempfile.TemporaryDirectory(prefix="bench-empty-") as empty:
            result["api_empty_store"] = api_memory(str(Path(empty) / "store"), None, 0)
        result["api_embedded"] = api_memory(location, universe, args.warm)
    if not args.skip_ingest:
        result["ingest"] = {"store": args.store, "jobs": args.jobs,
                            **ingest_memory(args.articles, args.store, args.seed, args.jobs)}
    name = f"memory-{args.meetings}-{args.articles}"
    if args.skip_api or args.skip_ingest:
        name = f"memory-ingest-{args.articles}" if args.skip_api else f"memory-api-{args.meetings}"
    common.emit(name, result)


if __name__ == "__main__":
    main()
