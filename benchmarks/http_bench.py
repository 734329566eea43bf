"""End to end over HTTP: latency percentiles and throughput at several concurrencies, on a
server with the default settings (ONNX Runtime, micro-batching, the SQLite store in WAL mode);
the highest concurrency again with micro-batching off, to show what it does."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.search.embedders import Embedder

from .conversation_store import StoreResult
from .fixtures import CORPUS_DIR, cache_sized
from .harness import ServerProcess
from .load_test import LoadResult, run_load
from .machine import rss_by_mapping, tree_rss_mb
from .stats import Summary, median_of, summarize


@dataclass
class LevelResult:
    """Median over runs at one concurrency."""

    latency: Summary
    throughput: float
    errors: int
    server: Summary
    rss_mb: float = float("nan")  # the server's resident memory after the run
    rss_parts: list[tuple[str, float]] = field(default_factory=list)  # last run's, by mapping


@dataclass
class HttpResult:
    """Fresh questions (each run on a new server) and repeated ones (the question cache)."""

    runs: int
    requests: int
    fresh: dict[int, LevelResult] = field(default_factory=dict)
    repeated: dict[int, LevelResult] = field(default_factory=dict)
    unbatched: dict[int, LevelResult] = field(default_factory=dict)  # micro-batching off
    stock_floor: Summary = field(default_factory=dict)  # PyTorch, one question, this process
    cold_start_s: float = float("nan")
    store: StoreResult | None = None

    @property
    def rss_mb(self) -> float:
        """The server's resident memory after the runs at the highest concurrency."""
        return self.fresh[max(self.fresh)].rss_mb if self.fresh else float("nan")

    @property
    def rss_parts(self) -> list[tuple[str, float]]:
        """Where that memory is, by mapped file, after the last of those runs."""
        return self.fresh[max(self.fresh)].rss_parts if self.fresh else []


def _median(runs: list[LoadResult], rss: list[float] | None = None) -> LevelResult:
    """Each figure's median over the runs."""
    return LevelResult(
        latency=median_of(run.latency for run in runs),
        throughput=statistics.median(run.throughput for run in runs),
        errors=sum(run.errors for run in runs),
        server=median_of(run.server for run in runs),
        rss_mb=statistics.median(rss) if rss else float("nan"),
    )


def stock_floor(stock: Embedder, questions: list[str]) -> Summary:
    """Milliseconds for PyTorch to embed each question alone (no cache), in this process."""
    samples = []
    for question in questions:
        clock = time.perf_counter()
        stock.embed_documents([question])
        samples.append((time.perf_counter() - clock) * 1000.0)
    return summarize(samples)


def measure_http(
    index_dir: Path, questions: list[str], levels: list[int], runs: int, log: Path,
    stock: Embedder, unbatched_levels: list[int],
) -> HttpResult:
    """Each fresh run starts its own server, so no question is in its cache; the stock floor is
    measured in this process just before each run at concurrency 1, while that run's server
    idles. Then one server answers the same questions again and again."""
    result = HttpResult(runs=runs, requests=len(questions))
    env = {"COMPACT_INDEX_DIR": str(index_dir), "COMPACT_CORPUS_DIR": str(CORPUS_DIR)}
    cold_starts: list[float] = []
    for level in levels:
        floor = FloorRuns(stock, questions) if level == 1 else None
        result.fresh[level] = _fresh_runs(env, questions, level, runs, log, cold_starts, floor)
        if floor is not None:
            result.stock_floor = median_of(floor.summaries)
    off = {**env, "COMPACT_MICRO_BATCHING": "false"}
    for level in unbatched_levels:
        result.unbatched[level] = _fresh_runs(off, questions, level, runs, log, [], None)
    repeated = cache_sized(questions)
    with ServerProcess(log, env, ready_timeout=180) as server:
        run_load(server.url, repeated, max(levels))  # fills the question cache
        for level in levels:
            result.repeated[level] = _median(
                [run_load(server.url, repeated, level) for _ in range(runs)]
            )
    result.cold_start_s = statistics.median(cold_starts)
    return result


@dataclass
class FloorRuns:
    """The stock floor, measured once per run (see `measure_http`)."""

    stock: Embedder
    questions: list[str]
    summaries: list[Summary] = field(default_factory=list)

    def measure(self) -> None:
        """One pass over the questions."""
        self.summaries.append(stock_floor(self.stock, self.questions))


def _fresh_runs(
    env: dict[str, str], questions: list[str], level: int, runs: int, log: Path,
    cold_starts: list[float], floor: FloorRuns | None,
) -> LevelResult:
    """`runs` runs at one concurrency, each on a newly started server."""
    level_runs, rss, parts = [], [], []
    for _ in range(runs):
        with ServerProcess(log, env, ready_timeout=180) as server:
            cold_starts.append(server.cold_start_s)
            if floor is not None:
                floor.measure()
            level_runs.append(run_load(server.url, questions, level))
            rss.append(tree_rss_mb(server.pid))
            parts = rss_by_mapping(server.pid)
    result = _median(level_runs, rss)
    result.rss_parts = parts
    return result
