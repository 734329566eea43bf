"""End to end over HTTP: latency percentiles and throughput at several concurrencies."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .conversation_store import StoreResult
from .fixtures import CORPUS_DIR
from .harness import ServerProcess
from .load_test import LoadResult, run_load
from .machine import tree_rss_mb
from .stats import Summary, median_of


@dataclass
class LevelResult:
    """Median over runs at one concurrency."""

    latency: Summary
    throughput: float
    errors: int
    server: Summary


@dataclass
class HttpResult:
    """Fresh questions (each run on a new server) and repeated ones (the question cache)."""

    runs: int
    requests: int
    fresh: dict[int, LevelResult] = field(default_factory=dict)
    repeated: dict[int, LevelResult] = field(default_factory=dict)
    cold_start_s: float = float("nan")
    rss_mb: float = float("nan")
    store: StoreResult | None = None


def _median(runs: list[LoadResult]) -> LevelResult:
    return LevelResult(
        latency=median_of(run.latency for run in runs),
        throughput=statistics.median(run.throughput for run in runs),
        errors=sum(run.errors for run in runs),
        server=median_of(run.server for run in runs),
    )


def measure_http(
    index_dir: Path, questions: list[str], levels: list[int], runs: int, log: Path
) -> HttpResult:
    """Each fresh run starts its own server, so no question is in its cache; then one server
    answers the same questions again and again."""
    result = HttpResult(runs=runs, requests=len(questions))
    env = {"COMPACT_INDEX_DIR": str(index_dir), "COMPACT_CORPUS_DIR": str(CORPUS_DIR)}
    cold_starts = []
    for level in levels:
        level_runs = []
        for _ in range(runs):
            with ServerProcess(log, env, ready_timeout=180) as server:
                cold_starts.append(server.cold_start_s)
                level_runs.append(run_load(server.url, questions, level))
                result.rss_mb = tree_rss_mb(server.pid)
        result.fresh[level] = _median(level_runs)
    with ServerProcess(log, env, ready_timeout=180) as server:
        run_load(server.url, questions, max(levels))  # fills the question cache
        for level in levels:
            result.repeated[level] = _median(
                [run_load(server.url, questions, level) for _ in range(runs)]
            )
    result.cold_start_s = statistics.median(cold_starts)
    return result
