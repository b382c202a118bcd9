"""A Markdown summary of the latest results in bench/out/ (the figures quoted in bench/README.md).

    python -m bench.summarize
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bench.common import OUT

STAMPED = re.compile(r"-\d{8}T\d{6}$")  # the timestamped copies


def latest(prefix: str) -> dict[str, Any] | None:
    """bench/out/<prefix>*.json without a timestamp, newest first."""
    files = sorted((p for p in OUT.glob(f"{prefix}*.json") if not STAMPED.search(p.stem)),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    return json.loads(files[0].read_text()) if files else None


def ok(flag: bool | None) -> str:
    return "n/a" if flag is None else ("met" if flag else "MISSED")


def med(stats: dict[str, Any]) -> str:
    return f"{stats['median']} (min {stats['min']}, max {stats['max']})"


def extraction() -> Iterator[str]:
    r = latest("extract_overhead")
    if r:
        raw, ext = med(r["raw_articles_per_cpu_s"]), med(r["extract_articles_per_cpu_s"])
        yield (f"- extraction, {r['articles']} articles ({r['at']}): raw nlp.pipe {raw} articles per CPU-s, "
               f"Extractor {ext}; ratio {med(r['throughput_ratio'])} >= 0.75: {ok(r['target']['met'])} "
               f"(wall-clock ratio {med(r['throughput_ratio_wall'])}); rule stages (s) "
               f"{r['rules_breakdown_s']}")


def ingest() -> Iterator[str]:
    for path in sorted(OUT.glob("ingest_speed-*.json")):
        if not STAMPED.search(path.stem):
            yield from ingest_lines(json.loads(path.read_text()))


def ingest_lines(r: dict[str, Any]) -> Iterator[str]:
    for name, b in r["backends"].items():
        yield (f"- ingest {name}, {r['articles']} articles ({r['at']}): {med(b['articles_per_s'])} art/s; "
               f"write share {med(b['write_share'])} <= 0.15: {ok(b['target']['met'])}")
        if "jobs" in b:
            j = b["jobs"]
            steady = j.get("steady_speedup", {}).get("median")
            yield (f"  - --jobs 2 vs 1, {j['articles']} articles: speed-up {med(j['speedup'])}, "
                   f"without the fixed start-up cost {steady}; >= 1.5: {ok(j['target']['met'])}")


def cache_words(b: dict[str, Any], r: dict[str, Any]) -> str:
    if "cache_mb" not in b:
        return "no answer cache (before it existed)"
    if b["cache_mb"] == 0:
        return "answer cache off"
    return f"answer cache on, the load cycling over {r.get('distinct_urls')} distinct URLs"


def in_process(t: dict[str, Any]) -> str:
    """The app's p50 in process (bench.inprocess; runs before the tenth pass did not measure it)."""
    if t.get("app_p50_ms") is None:
        return ""
    return f"; the app in process p50 {t['app_p50_ms']} ms: x{t['app_over_bare_p50']}"


def api_lines(r: dict[str, Any]) -> Iterator[str]:
    for name, b in r["backends"].items():
        cache = cache_words(b, r)
        yield (f"- API {name}, {r['meetings']} meetings, {b.get('workers', 1)} server process(es), "
               f"concurrency {r['concurrency']}, client {r.get('client', 'httpx')}, {cache} ({r['at']}); "
               f"GET /health one at a time p50 "
               f"{b['targets'].get('health_floor_p50_ms')} ms:")
        for endpoint, t in b["targets"]["endpoints"].items():
            e = b["endpoints"][endpoint]
            rate, cpu = e["req_per_s"], e.get("server_cpu_ms_per_request")
            # Runs before the script measured latency itself reported wrk's corrected figures as theirs.
            corrected = e.get("latency_ms_wrk_corrected", {}).get("p99")
            wrk = f", wrk's corrected p99 {corrected} ms" if corrected is not None else ""
            yield (f"  - {endpoint}: {rate} req/s, server CPU {cpu} ms/req, p50 {t['api_p50_ms']} ms, "
                   f"p99 {t['api_p99_ms']} ms "
                   f"(p99 target {ok(t.get('p99_met'))}{wrk}); "
                   f"one at a time p50 {t['serial_api_p50_ms']} ms, "
                   f"bare store p50 {t['bare_p50_ms']} ms: x{t['serial_api_over_bare_p50']} "
                   f"({ok(t['ratio_met'])}){in_process(t)}")
        yield f"  - server RSS after the run: {b['server_memory_mib']} MiB"


def api() -> Iterator[str]:
    for path in sorted(OUT.glob("api_load-*.json")):
        if not STAMPED.search(path.stem) and "-" in path.stem[len("api_load-"):]:
            yield from api_lines(json.loads(path.read_text()))


def growth() -> Iterator[str]:
    r = latest("growth")
    for name, b in (r or {}).get("backends", {}).items():
        g = b["growth"]
        yield f"- growth {name}, {g['sizes'][0]} -> {g['sizes'][1]} meetings ({r['at']}), p50 exponent:"
        for endpoint, row in g["endpoints"].items():
            verdict = "sub-linear" if row["sublinear"] else "NOT sub-linear"
            yield (f"  - {endpoint}: API one at a time {row['serial_api_p50']['exponent']}, bare store "
                   f"{row['bare_p50']['exponent']}: {verdict}")


def memory() -> Iterator[str]:
    for path in sorted(OUT.glob("memory-*.json")):
        if not STAMPED.search(path.stem):
            yield from memory_lines(json.loads(path.read_text()))


def memory_lines(r: dict[str, Any]) -> Iterator[str]:
    if "api_embedded" in r:
        full, empty = r["api_embedded"]["after_queries_mib"], r["api_empty_store"]["after_queries_mib"]
        yield f"- API RSS, embedded store, {r['meetings']} meetings: {full} MiB (empty store: {empty} MiB)"
    if "ingest" in r:
        ing = r["ingest"]
        peaks = ", ".join(f"{n} articles: {v['peak_rss_mib']} MiB in {v['seconds']} s"
                          for n, v in ing["runs"].items())
        yield f"- ingest peak RSS ({ing['store']}): {peaks}; peak growth x{ing['peak_growth_x']}"


def main() -> None:
    for section in (extraction, ingest, api, growth, memory):
        for line in section():
            print(line)


if __name__ == "__main__":
    main()
