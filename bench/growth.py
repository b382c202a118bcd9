"""Growth: the api_load measurements at several graph sizes (1e4 and 1e5 meetings by default).

Query time should grow sub-linearly with the graph: for each endpoint, the p50 (API and bare store
call) at the largest size over the smallest is reported with the size ratio and the fitted exponent
(log of time ratio / log of size ratio; 1.0 = linear, 0 = flat); "sublinear" when both the serial API
p50 and the bare store p50 have an exponent below 0.8. People and mechanisms scale with the
meetings (1 person per 10 meetings), so per-person degree is constant and indexed queries stay flat.

    python -m bench.growth --sizes 10000 100000 --backend embedded --requests 500
    python -m bench.growth --sizes 10000 100000 --backend both --reuse   # from earlier api_load runs
"""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from bench import api_load, common
from bench.queries import ENDPOINTS


def exponent(t_small: float | None, t_big: float | None, size_ratio: float) -> float | None:
    if not t_small or not t_big or t_small <= 0 or t_big <= 0:
        return None
    return round(math.log(t_big / t_small) / math.log(size_ratio), 3)


SUBLINEAR_EXPONENT = 0.8  # below this the growth is clearly sub-linear, beyond noise


def p50(run: dict[str, Any], kind: str, endpoint: str) -> float | None:
    if kind == "api_p50":
        value = run["endpoints"][endpoint]["latency_ms"].get("p50")
    elif kind == "serial_api_p50":
        value = run["serial"][endpoint]["latency_ms"].get("p50")
    else:
        value = run["bare_store_ms"][endpoint].get("p50")
    return None if value is None else float(value)


def compare(runs: dict[int, dict[str, Any]]) -> dict[str, Any]:
    small, big = min(runs), max(runs)
    size_ratio = big / small
    out: dict[str, Any] = {"sizes": [small, big], "size_ratio": size_ratio, "endpoints": {}}
    for endpoint in ENDPOINTS:
        row: dict[str, Any] = {}
        for kind in ("api_p50", "serial_api_p50", "bare_p50"):
            a, b = (p50(runs[size], kind, endpoint) for size in (small, big))
            row[kind] = {"small_ms": a, "big_ms": b, "time_ratio": round(b / a, 2) if a and b else None,
                         "exponent": exponent(a, b, size_ratio)}
        exponents = [row[k]["exponent"] for k in ("serial_api_p50", "bare_p50")]
        row["sublinear"] = all(e is not None and e < SUBLINEAR_EXPONENT for e in exponents)
        out["endpoints"][endpoint] = row
    return out


def measured(
    backend: str, size: int, args: argparse.Namespace, ap: argparse.ArgumentParser
) -> dict[str, Any]:
    """The api_load result of one backend and size: from bench/out with --reuse, else measured now."""
    saved = common.OUT / f"api_load-{backend}-{size}.json"
    if args.reuse and saved.exists():
        run = json.loads(saved.read_text())["backends"][backend]
    else:
        args.meetings, args.backend = size, backend
        run = api_load.bench_backend(backend, api_load.locations(args, ap)[backend], args)
    return {k: run[k] for k in ("endpoints", "serial", "bare_store_ms", "nodes", "load")}


def main(argv: list[str] | None = None) -> None:
    ap = api_load.parser()
    ap.description = __doc__
    ap.formatter_class = argparse.RawDescriptionHelpFormatter
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--reuse", action="store_true",
                    help="take bench/out/api_load-<backend>-<size>.json when it exists")
    args = ap.parse_args(argv)
    args.client = api_load.resolve_client(args.client)
    result: dict[str, Any] = {}
    for backend in ("embedded", "neo4j") if args.backend == "both" else (args.backend,):
        runs = {size: measured(backend, size, args, ap) for size in sorted(args.sizes)}
        result[backend] = {"runs": {str(k): v for k, v in runs.items()}, "growth": compare(runs)}
    common.emit("growth", {"sizes": sorted(args.sizes), "reused": args.reuse, "backends": result})


if __name__ == "__main__":
    main()
