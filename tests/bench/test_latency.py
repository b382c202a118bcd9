"""Latency figures of the load runs: a histogram of microseconds summarises like the samples themselves,
and the wrk client reports the script's samples, not wrk's coordinated-omission corrected percentiles."""

from __future__ import annotations

import random

import pytest

from bench import common, wrk_client


@pytest.mark.parametrize("seed", range(6))
def test_a_histogram_summarises_like_its_samples(seed: int) -> None:
    rng = random.Random(seed)
    # Bimodal, as a load with answer-cache hits and first asks: most ~2 ms, a few ~100 ms.
    samples_us = [rng.randint(1500, 2500) for _ in range(rng.randint(1, 3000))]
    samples_us += [rng.randint(50_000, 150_000) for _ in range(rng.randint(0, 60))]
    counts: dict[int, int] = {}
    for us in samples_us:
        counts[us] = counts.get(us, 0) + 1
    from_samples = common.latency_ms([us / 1e6 for us in samples_us])
    # Equal up to the last rounded digit (us / 1000 and us / 1e6 * 1000 may round apart).
    assert common.histogram_latency_ms(counts) == pytest.approx(from_samples, abs=0.011)


def test_an_empty_histogram_has_no_percentiles() -> None:
    assert common.histogram_latency_ms({}) == {"n": 0}
    assert common.histogram_latency_ms({1200: 0}) == {"n": 0}


def wrk_line(**overrides: object) -> dict[str, object]:
    line: dict[str, object] = {"requests": 1000, "duration_us": 2_000_000, "non_2xx": 0, "socket_errors": 0,
                               "p50": 2000, "p90": 90_000, "p99": 400_000, "max": 410_000, "mean": 21_000.0}
    line.update(overrides)
    return line


def test_the_wrk_client_reports_the_scripts_samples_merged_across_threads() -> None:
    # Two threads (connections) saw 2.0 ms; the slow answers are 1% of the samples.
    samples = [[2000, 600], [2000, 390], [100_000, 10]]
    result = wrk_client.summarize(wrk_line(samples_us=samples), cpu_s=0.05)
    assert result["latency_ms"] == {"n": 1000, "p50": 2.0, "p90": 2.0, "p99": 2.0, "max": 100.0,
                                    "mean": 2.98}
    assert result["latency_ms_wrk_corrected"] == {"p50": 2.0, "p90": 90.0, "p99": 400.0, "max": 410.0,
                                                  "mean": 21.0}
    assert result["req_per_s"] == 500.0
    assert result["client_cpu_ms_per_request_wrk"] == 0.05


def test_a_wrk_run_without_answers_has_no_latency() -> None:
    result = wrk_client.summarize(wrk_line(requests=0, samples_us=[]), cpu_s=0.0)
    assert result["latency_ms"] == {"n": 0}
    assert set(result["latency_ms_wrk_corrected"].values()) == {None}
    assert result["req_per_s"] == 0.0
