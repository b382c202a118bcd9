"""Helpers shared by the benchmarks: JSON output, statistics, stores, process memory, an API server."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

from app.config import Settings
from graph.factory import is_neo4j, open_store
from graph.model import slug as _slug
from graph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WORK = Path(os.environ.get("DIPLOGRAPH_BENCH_WORK", "/tmp/diplograph-bench"))
# `python -m app.cli` from the checkout rather than the `diplograph` script: the same CLI, and it does
# not depend on how the editable install was made.
CLI = [sys.executable, "-m", "app.cli"]

slug = functools.lru_cache(maxsize=1 << 16)(_slug)


def emit(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Print the result as JSON and keep it in bench/out/<name>.json (plus a timestamped copy)."""
    record = {"benchmark": name, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "host": {"cpus": os.cpu_count(), "python": platform.python_version(),
                       "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()]}, **payload}
    text = json.dumps(record, indent=1, default=str)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(text + "\n")
    stamp = record["at"].replace(":", "").replace("-", "")[:15]
    (OUT / f"{name}-{stamp}.json").write_text(text + "\n")
    print(text, flush=True)
    return record


def summary(values: Sequence[float], digits: int = 4) -> dict[str, float]:
    """min / median / max (and mean) of repeated measurements."""
    return {"n": len(values), "min": round(min(values), digits),
            "median": round(statistics.median(values), digits), "max": round(max(values), digits),
            "mean": round(statistics.fmean(values), digits)}


def nearest_rank(q: float, n: int) -> int:
    """The 1-based rank of the q-quantile (0..1) among n ordered samples."""
    return max(1, min(n, round(q * n + 0.5)))


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) of already sorted values, nearest-rank."""
    if not sorted_values:
        return float("nan")
    return sorted_values[nearest_rank(q, len(sorted_values)) - 1]


def latency_ms(samples_s: Sequence[float]) -> dict[str, float]:
    ordered = sorted(s * 1000 for s in samples_s)
    if not ordered:
        return {"n": 0}
    return {"n": len(ordered), "p50": round(percentile(ordered, 0.50), 2),
            "p90": round(percentile(ordered, 0.90), 2), "p99": round(percentile(ordered, 0.99), 2),
            "max": round(ordered[-1], 2), "mean": round(statistics.fmean(ordered), 2)}


def histogram_latency_ms(counts_us: Mapping[int, int]) -> dict[str, float]:
    """`latency_ms` of samples given as {microseconds: how many}, with the same nearest-rank
    percentiles, without expanding them (a wrk run keeps a few thousand distinct values of ~1e5)."""
    values = sorted(v for v, c in counts_us.items() if c > 0)
    n = sum(counts_us[v] for v in values)
    if not n:
        return {"n": 0}

    def at(q: float) -> float:
        rank, seen = nearest_rank(q, n), 0
        for v in values:
            seen += counts_us[v]
            if seen >= rank:
                return v / 1000
        return values[-1] / 1000  # not reached: the counts add up to n

    mean = sum(v * counts_us[v] for v in values) / n / 1000
    return {"n": n, "p50": round(at(0.50), 2), "p90": round(at(0.90), 2), "p99": round(at(0.99), 2),
            "max": round(values[-1] / 1000, 2), "mean": round(mean, 2)}


# --- stores ----------------------------------------------------------------------------------------


def settings_for(location: str) -> Settings:
    """Settings of the app for a store location; Neo4j credentials come from NEO4J_* as for the CLI."""
    return Settings(store=location)


def open_bench_store(location: str) -> GraphStore:
    s = settings_for(location)
    return open_store(location, user=s.neo4j_user, password=s.neo4j_password.get_secret_value(),
                      database=s.neo4j_database, timeout=60.0)


def graph_dir(meetings: int, seed: int) -> str:
    """Where the embedded store of a generated graph is kept between runs (reused when complete)."""
    return str(WORK / f"graph-{meetings}-{seed}")


def clear_store(store: GraphStore, location: str) -> None:
    """Empty the store (Neo4jStore.clear() deletes relationships, then nodes, in small batches)."""
    store.clear()


def backend_name(location: str) -> str:
    return "neo4j" if is_neo4j(location) else "embedded"


def neo4j_location() -> str | None:
    """The Neo4j URI the environment names (scripts/neo4j start prints it as DIPLOGRAPH_STORE)."""
    value = os.environ.get("DIPLOGRAPH_STORE", "")
    return value if is_neo4j(value) else None


# --- processes -------------------------------------------------------------------------------------


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM (peak) of a process in MiB, read from /proc."""
    out = {}
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = round(int(value.split()[0]) / 1024)
    return out


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc/<pid>/stat)."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants alive now (uvicorn's workers run as children of the supervisor)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parents.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += parents.get(current, [])
    return tree


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of `pid` and its live descendants."""
    total = 0.0
    for member in process_tree(pid):
        with contextlib.suppress(OSError):
            total += cpu_seconds(member)
    return total


def neo4j_pid() -> int | None:
    """The JVM of the private Neo4j started by scripts/neo4j under $DIPLOGRAPH_NEO4J_HOME, if any."""
    home = os.environ.get("DIPLOGRAPH_NEO4J_HOME")
    with contextlib.suppress(OSError, ValueError):
        pid = int(Path(home, "run", "neo4j.pid").read_text().strip()) if home else 0
        if pid and Path(f"/proc/{pid}").exists():
            return pid
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def api_server(
    location: str, timeout: float = 600.0, workers: int = 1, settings: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`diplograph serve` on 127.0.0.1 and a free port as a subprocess, without access log (a line
    per request is not what is measured); yields (base URL, process). `settings`: more environment
    variables for the server (DIPLOGRAPH_CACHE_MB...)."""
    port = free_port()
    env = {**os.environ, **(settings or {}), "DIPLOGRAPH_STORE": location}
    (WORK / "logs").mkdir(parents=True, exist_ok=True)
    log_path = WORK / "logs" / f"serve-{port}.log"
    log = log_path.open("wb")
    command = [*CLI, "serve", "--store", location, "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--no-access-log"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, timeout)
        wait_started(log_path, workers, proc, timeout)  # not only the first worker to finish loading
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_started(log: Path, workers: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Until uvicorn logged the start-up of every worker (each loads the embedded graph on its own)."""
    deadline = time.monotonic() + timeout
    while log.read_bytes().count(b"Application startup complete") < workers:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"not every one of {workers} workers started; see {log}")
        time.sleep(0.3)


def wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {WORK}/logs/serve-*.log")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"server at {base} not healthy after {timeout}s")
