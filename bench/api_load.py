"""API load on a synthetic graph: req/s and latency per endpoint, against the bare store calls.

For each backend: the graph of `--meetings` is loaded (or reused) through graphgen; the bare
GraphStore calls are timed in process; then `diplograph serve` runs as a subprocess on 127.0.0.1,
`--serial` requests per endpoint go one at a time (for the ratio to the bare call; the same requests
are also answered by the app in process, bench.inprocess, to split the API's share), and a load
generator keeps `--concurrency` requests in flight per endpoint: wrk when installed (bounded by
`--duration`, cycling through the `--requests` queries), else an asyncio httpx client (bounded by both).
Latency is each request's own (wrk_client: wrk's percentiles are corrected for coordinated omission
and are reported beside). Server (and Neo4j JVM) CPU per request is read from /proc. The server's
answer cache is on unless `--cache-mb 0` (then the output file ends in -nocache): with it, each repeat
of a URL can be a hit, and the output gives how many distinct URLs the load cycles over.
Targets: p99 <= 50 ms (Neo4j) / 20 ms (embedded) for the first four endpoints; API p50 <= 2x the
bare store call's p50 for the same queries.

    python -m bench.api_load --meetings 10000 --requests 500 --duration 20
    python -m bench.api_load --meetings 100000 --backend both        # after eval "$(scripts/neo4j start)"
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from typing import Any

import httpx

from bench import common, graphgen, inprocess, queries, wrk_client
from bench.queries import ENDPOINTS, TARGETED, Query

HEALTH = Query("health", ())
P99_TARGET_MS = {"embedded": 20.0, "neo4j": 50.0}
BARE_RATIO_MAX = 2.0


async def load(base: str, qs: list[Query], concurrency: int, duration: float) -> dict[str, Any]:
    """Run `qs` with `concurrency` workers sharing one connection pool; stop at the deadline."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    todo = iter(qs)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        deadline = time.monotonic() + duration

        async def worker() -> None:
            for q in todo:
                if time.monotonic() > deadline:
                    return
                started = time.perf_counter()
                try:
                    response = await client.get(q.url())
                    statuses[str(response.status_code)] += 1
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "seconds": round(elapsed, 2),
            "req_per_s": round(len(latencies) / elapsed, 1), "latency_ms": common.latency_ms(latencies),
            "statuses": dict(statuses)}


def measured_load(base: str, pid: int, qs: list[Query], args: argparse.Namespace) -> dict[str, Any]:
    """The load run plus CPU per request of the server and of this client (they share the machine)."""
    db = common.neo4j_pid()
    db0 = common.cpu_seconds(db) if db else 0.0
    server0, client0 = common.tree_cpu_seconds(pid), time.process_time()
    if args.client == "wrk":
        result = wrk_client.load(base, qs, args.concurrency, args.duration)
    else:
        result = asyncio.run(load(base, qs, args.concurrency, args.duration))
    n = max(1, result["requests"])
    result["server_cpu_ms_per_request"] = round((common.tree_cpu_seconds(pid) - server0) * 1000 / n, 2)
    result["client_cpu_ms_per_request"] = round((time.process_time() - client0) * 1000 / n, 2)
    if db:  # the Neo4j JVM is shared by whatever else uses it at the time
        result["neo4j_cpu_ms_per_request"] = round((common.cpu_seconds(db) - db0) * 1000 / n, 2)
    # Little's law: with `concurrency` requests always in flight, mean latency = concurrency / rate.
    result["queueing_floor_ms"] = round(args.concurrency / max(result["req_per_s"], 1e-9) * 1000, 1)
    return result


def one_at_a_time(base: str, qs: list[Query], args: argparse.Namespace) -> dict[str, Any]:
    """Latency without queueing: one connection, one request in flight. wrk when it is the client
    (its own cost per request is ~0.05 ms; httpx's is ~1-3 ms and would count as the API's)."""
    if args.client == "wrk":
        return wrk_client.load(base, qs[: args.serial], 1, args.serial_duration)
    return asyncio.run(load(base, qs[: args.serial], 1, args.duration))


def run_api(
    location: str, plans: dict[str, list[Query]], args: argparse.Namespace, workers: int
) -> dict[str, Any]:
    settings = {} if args.cache_mb is None else {"DIPLOGRAPH_CACHE_MB": str(args.cache_mb)}
    with common.api_server(location, workers=workers, settings=settings) as (base, proc):
        warm = {e: asyncio.run(load(base, qs[: args.warmup], 4, 30.0))["statuses"] for e, qs in plans.items()}
        serial = {e: one_at_a_time(base, qs, args) for e, qs in plans.items()}
        # The floor of any request (HTTP, routing, JSON) without store work: GET /health one at a time.
        serial["health"] = one_at_a_time(base, [HEALTH] * args.serial, args)
        results = {e: measured_load(base, proc.pid, qs, args) for e, qs in plans.items()}
        memory = {str(pid): common.proc_status(pid) for pid in common.process_tree(proc.pid)}
    return {"workers": workers, "cache_mb": args.cache_mb, "warmup_statuses": warm, "serial": serial,
            "endpoints": results, "server_memory_mib": memory}


def verdict(
    backend: str, api: dict[str, Any], serial: dict[str, Any], bare: dict[str, Any],
    app: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """p99 under load against the target; the API's p50 one request at a time (no queueing) against the
    bare store call's p50 for the same queries. `app`: the app's p50 in process (bench.inprocess), which
    splits the API's share into the app's and the HTTP server's, loopback's and client's."""
    limit = P99_TARGET_MS[backend]
    out: dict[str, Any] = {"p99_max_ms": limit, "bare_ratio_max": BARE_RATIO_MAX, "endpoints": {}}
    for endpoint in ENDPOINTS:
        lat, one, base = api[endpoint]["latency_ms"], serial[endpoint]["latency_ms"], bare[endpoint]
        ratio = round(one["p50"] / base["p50"], 2) if base.get("p50") and one.get("p50") else None
        entry: dict[str, Any] = {"api_p50_ms": lat.get("p50"), "api_p99_ms": lat.get("p99"),
                                 "serial_api_p50_ms": one.get("p50"), "bare_p50_ms": base.get("p50"),
                                 "serial_api_over_bare_p50": ratio,
                                 "api_overhead_p50_ms": round(one["p50"] - base["p50"], 2) if ratio else None}
        in_app = (app or {}).get(endpoint, {}).get("latency_ms", {}).get("p50")
        if in_app is not None and base.get("p50"):
            entry["app_p50_ms"], entry["app_over_bare_p50"] = in_app, round(in_app / base["p50"], 2)
        if endpoint in TARGETED:
            entry["p99_met"] = lat.get("p99") is not None and lat["p99"] <= limit
        entry["ratio_met"] = ratio is not None and ratio <= BARE_RATIO_MAX
        out["endpoints"][endpoint] = entry
    out["health_floor_p50_ms"] = serial["health"]["latency_ms"].get("p50")
    out["all_met"] = all(e.get("p99_met", True) and e["ratio_met"] for e in out["endpoints"].values())
    return out


def bench_backend(backend: str, location: str, args: argparse.Namespace) -> dict[str, Any]:
    universe = graphgen.Universe(graphgen.Sizes.for_meetings(args.meetings), args.seed)
    plans = {e: queries.plan(universe, e, args.requests + args.warmup, args.seed) for e in ENDPOINTS}
    measured = {e: qs[args.warmup:] for e, qs in plans.items()}  # what every measurement below asks
    store = common.open_bench_store(location)
    try:
        loading = graphgen.ensure_loaded(store, universe, location)
        stats = store.stats().nodes
        bare = queries.time_bare(store, universe, measured, args.bare)
        serial = {e: qs[: args.serial] for e, qs in measured.items()}  # the queries run one at a time
        app = inprocess.time_app(store, serial, args.serial_duration, args.cache_mb)
    finally:
        store.close()
    workers = args.neo4j_workers if backend == "neo4j" else args.embedded_workers
    api = run_api(location, measured, args, workers)
    return {"location": location if backend == "embedded" else "neo4j", "load": loading, "nodes": stats,
            "bare_store_ms": bare, "app_in_process": app, **api,
            "targets": verdict(backend, api["endpoints"], api["serial"], bare, app)}


def locations(args: argparse.Namespace, parser: argparse.ArgumentParser) -> dict[str, str]:
    chosen = ("embedded", "neo4j") if args.backend == "both" else (args.backend,)
    out = {}
    if "embedded" in chosen:
        out["embedded"] = args.store_dir or common.graph_dir(args.meetings, args.seed)
    if "neo4j" in chosen:
        uri = common.neo4j_location()
        if uri is None:
            parser.error('Neo4j needs DIPLOGRAPH_STORE=bolt://... (eval "$(scripts/neo4j start)")')
        out["neo4j"] = uri
    return out


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--meetings", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--backend", choices=("embedded", "neo4j", "both"), default="embedded")
    ap.add_argument("--store-dir", help="embedded store directory (default /tmp/diplograph-bench/graph-M-S)")
    ap.add_argument("--requests", type=int, default=2000, help="requests per endpoint (upper bound)")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds per endpoint (upper bound)")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--client", choices=("auto", "httpx", "wrk"), default="auto",
                    help="load generator under concurrency (auto: wrk when installed)")
    ap.add_argument("--warmup", type=int, default=50, help="requests per endpoint before measuring")
    ap.add_argument("--bare", type=int, default=300, help="bare store calls per endpoint")
    ap.add_argument("--serial", type=int, default=200, help="requests one at a time, for the bare ratio")
    ap.add_argument("--serial-duration", type=float, default=5.0,
                    help="seconds per endpoint one at a time (wrk, cycling over the --serial queries)")
    ap.add_argument("--neo4j-workers", type=int, default=2, help="API processes over Neo4j (serve --workers)")
    ap.add_argument("--embedded-workers", type=int, default=2,
                    help="API processes over the embedded store (serve --workers; each loads the graph)")
    ap.add_argument("--cache-mb", type=float, default=None,
                    help="the server's answer cache (DIPLOGRAPH_CACHE_MB; default: the server's; 0: off)")
    return ap


def distinct_urls(args: argparse.Namespace) -> dict[str, int]:
    universe = graphgen.Universe(graphgen.Sizes.for_meetings(args.meetings), args.seed)
    plans = {e: queries.plan(universe, e, args.requests + args.warmup, args.seed) for e in ENDPOINTS}
    return {e: len({q.url() for q in qs[args.warmup:]}) for e, qs in plans.items()}


def resolve_client(choice: str) -> str:
    if choice == "auto":
        return "wrk" if wrk_client.available() else "httpx"
    return choice


def main(argv: list[str] | None = None) -> None:
    ap = parser()
    args = ap.parse_args(argv)
    args.client = resolve_client(args.client)
    for name, location in locations(args, ap).items():
        result = bench_backend(name, location, args)
        suffix = "-nocache" if args.cache_mb == 0 else ""
        common.emit(f"api_load-{name}-{args.meetings}{suffix}", {
            "meetings": args.meetings, "concurrency": args.concurrency, "client": args.client,
            "requests_per_endpoint": args.requests, "duration_s": args.duration,
            # The load cycles over these many distinct URLs: with the cache on, every repeat can be a hit.
            "distinct_urls": distinct_urls(args), "backends": {name: result}})


if __name__ == "__main__":
    main()
