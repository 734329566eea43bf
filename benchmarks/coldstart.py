"""Cold start: from spawning a process to its first answer, and its memory once warm."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from .fixtures import CORPUS_DIR
from .stats import Summary, median_of
from .worker import WorkerResult, spawn


@dataclass
class ColdStartResult:
    """Medians over several fresh processes on the shipped corpus."""

    spawns: int
    cold_start_s: float
    steps: dict[str, float]
    rss_first_mb: float
    rss_warm_mb: float
    peak_rss_mb: float
    ask: Summary
    stages: dict[str, float]


def measure_cold_start(index_dir: Path, spawns: int, runs: int, log: Path) -> ColdStartResult:
    """Start `spawns` worker processes one after another on the shipped index."""
    results: list[WorkerResult] = [spawn(index_dir, CORPUS_DIR, runs, log) for _ in range(spawns)]
    steps = median_of(r.steps for r in results)
    steps["python start"] = statistics.median(
        r.cold_start_s - sum(r.steps.values()) for r in results
    )
    return ColdStartResult(
        spawns=spawns,
        cold_start_s=statistics.median(r.cold_start_s for r in results),
        steps=steps,
        rss_first_mb=statistics.median(r.first_rss_mb for r in results),
        rss_warm_mb=statistics.median(r.rss_mb for r in results),
        peak_rss_mb=statistics.median(r.peak_rss_mb for r in results),
        ask=median_of(r.ask for r in results),
        stages=median_of(r.stages for r in results),
    )
