"""The same load as api_load.load, driven by wrk (C, `apt-get install wrk`) when it is installed.

The asyncio httpx client spends about as much CPU per request as the server does, and on a 2-core
machine they share, that halves the server's throughput and inflates the tail; wrk costs a fraction.
A Lua script walks the query list (each connection from its own offset) and prints the summary as
JSON; wrk bounds the run by duration only.

Latency is measured by the script, not taken from wrk's own percentiles. wrk 4 corrects its latency
histogram for coordinated omission before reporting it (stats_correct): every sample longer than twice
the mean interval between a connection's requests adds synthetic samples at that sample minus one,
two, ... intervals, as if requests had kept arriving at the mean rate while one was slow. Under a
closed loop whose answers are bimodal (answer-cache hits at ~2 ms among first asks at ~100 ms, 16
connections) that invents most of the tail: one run reported a mean of 21.8 ms at 6,575 req/s, where
16 connections cannot average more than 16 / 6,575 s = 2.4 ms per request (Little's law). The script
gives each wrk thread one connection, so the thread's successive `request()` calls are that
connection's successive requests; a sample is the time from one request to the next on the
connection (the response plus wrk's turnaround of a few microseconds), kept per thread in a histogram
of microseconds. wrk's corrected figures are reported beside, as `latency_ms_wrk_corrected`.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench import common
from bench.queries import Query

SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + math.floor(tonumber(ts.tv_nsec) / 1000)
end
local threads = {}
local paths = {}
local i = 0
local sent = 0
samples = {}  -- global: done() reads each thread's with thread:get
function setup(thread)
  thread:set("offset", math.random(1, 100000))
  threads[#threads + 1] = thread
end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = (offset or 0) % #paths
end
function request()
  i = i % #paths + 1
  local now = now_us()
  if sent > 0 then
    local us = now - sent
    samples[us] = (samples[us] or 0) + 1
  end
  sent = now
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local pairs_out = {}
  for _, thread in ipairs(threads) do
    for us, n in pairs(thread:get("samples")) do
      pairs_out[#pairs_out + 1] = string.format("[%d,%d]", us, n)
    end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, "p50": %d, "p90": %d, ' ..
    '"p99": %d, "max": %d, "mean": %f, "samples_us": [%s]}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(pairs_out, ",")))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load(base: str, qs: list[Query], concurrency: int, duration: float) -> dict[str, Any]:
    """wrk with `concurrency` connections, one per thread, for `duration` seconds over the queries."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        script, paths = Path(tmp) / "walk.lua", Path(tmp) / "paths.txt"
        script.write_text(SCRIPT)
        paths.write_text("".join(q.url() + "\n" for q in qs))
        cpu0 = children_cpu()
        proc = subprocess.run(
            ["wrk", "-t", str(concurrency), "-c", str(concurrency), "-d", f"{max(1, round(duration))}s",
             "--timeout", "30s", "-s", str(script), base, "--", str(paths)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        cpu = children_cpu() - cpu0
    return summarize(json.loads(proc.stdout.strip().splitlines()[-1]), cpu)


def summarize(summary: dict[str, Any], cpu_s: float) -> dict[str, Any]:
    """api_load's result from the script's JSON line: latency from the script's samples, wrk's own
    (coordinated-omission corrected) percentiles beside them."""
    seconds = summary["duration_us"] / 1e6
    n = summary["requests"]
    counts: dict[int, int] = {}
    for us, count in summary["samples_us"]:
        counts[us] = counts.get(us, 0) + count
    # No completed request: wrk's percentiles are 0, which must not read as fast.
    corrected = {k: round(summary[k] / 1000, 2) if n else None for k in ("p50", "p90", "p99", "max", "mean")}
    return {"client": "wrk", "requests": n, "seconds": round(seconds, 2), "req_per_s": round(n / seconds, 1),
            "latency_ms": common.histogram_latency_ms(counts),
            "latency_ms_wrk_corrected": corrected,
            "statuses": {"non_2xx": summary["non_2xx"], "socket_errors": summary["socket_errors"]},
            "client_cpu_ms_per_request_wrk": round(cpu_s * 1000 / max(1, n), 3)}
