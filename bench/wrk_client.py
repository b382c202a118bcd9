"""The same load as api_load.load, driven by wrk (C, `apt-get install wrk`) when it is installed.

The asyncio httpx client spends about as much CPU per request as the server does, and on a 2-core
machine they share, that halves the server's throughput and inflates the tail; wrk costs a fraction.
A Lua script walks the query list (each connection thread from its own offset) and prints the
summary as JSON; wrk bounds the run by duration only.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.queries import Query

SCRIPT = r"""
local paths = {}
local i = 0
function setup(thread)
  thread:set("offset", math.random(1, 100000))
end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = (offset or 0) % #paths
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, "p50": %d, "p90": %d, ' ..
    '"p99": %d, "max": %d, "mean": %f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load(base: str, qs: list[Query], concurrency: int, duration: float) -> dict[str, Any]:
    """wrk with `concurrency` connections on 2 threads for `duration` seconds over the queries."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        script, paths = Path(tmp) / "walk.lua", Path(tmp) / "paths.txt"
        script.write_text(SCRIPT)
        paths.write_text("".join(q.url() + "\n" for q in qs))
        threads = max(1, min(2, concurrency))
        cpu0 = children_cpu()
        proc = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{max(1, round(duration))}s",
             "--timeout", "30s", "-s", str(script), base, "--", str(paths)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        cpu = children_cpu() - cpu0
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    seconds = summary["duration_us"] / 1e6
    n = summary["requests"]
    # No completed request: wrk's percentiles are 0, which must not read as fast.
    ms = {k: round(summary[k] / 1000, 2) if n else None for k in ("p50", "p90", "p99", "max", "mean")}
    return {"client": "wrk", "requests": n, "seconds": round(seconds, 2), "req_per_s": round(n / seconds, 1),
            "latency_ms": {"n": n, **ms},
            "statuses": {"non_2xx": summary["non_2xx"], "socket_errors": summary["socket_errors"]},
            "client_cpu_ms_per_request_wrk": round(cpu * 1000 / max(1, n), 3)}
