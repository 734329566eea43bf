"""The targets of issue 8, each checked against this run's figures."""

from __future__ import annotations

from dataclasses import dataclass

from .results import BenchResults


@dataclass(frozen=True)
class Check:
    """One target: what it asks, what was measured, and whether it is met (None: not run)."""

    target: str
    measured: str
    met: bool | None


def check_targets(r: BenchResults) -> list[Check]:
    """Every target with its verdict."""
    return [
        *_latency(r), *_http(r), _recipe(r), *_indexing(r), _growth(r), *_cold_start(r),
    ]


def _latency(r: BenchResults) -> list[Check]:
    if r.in_process is None:
        return [Check("`ask` p50 ≤ 1.5 × floor, p95 ≤ 3 × floor", "not run", None)]
    floor, ask = r.in_process.floor["p50"], r.in_process.ask
    return [
        Check("`ask` p50 ≤ 1.5 × floor (median question embedding)",
              f"{ask['p50']:.1f} ms = {ask['p50'] / floor:.2f} × {floor:.1f} ms",
              ask["p50"] <= 1.5 * floor),
        Check("`ask` p95 ≤ 3 × floor",
              f"{ask['p95']:.1f} ms = {ask['p95'] / floor:.2f} × floor", ask["p95"] <= 3 * floor),
    ]


def _http(r: BenchResults) -> list[Check]:
    level = r.http.fresh.get(16) if r.http else None
    if level is None:
        return [Check("HTTP at concurrency 16: ≥ 50 answers/s, p95 < 100 ms", "not run", None)]
    return [
        Check("HTTP at concurrency 16: ≥ 50 answers/s", f"{level.throughput:.1f} answers/s",
              level.throughput >= 50),
        Check("HTTP at concurrency 16: p95 < 100 ms", f"{level.latency['p95']:.0f} ms",
              level.latency["p95"] < 100),
    ]


def _recipe(r: BenchResults) -> Check:
    target = "≥ 2 × faster than the LangChain recipe at p50"
    if r.in_process is None:
        return Check(target, "not run", None)
    ratio = r.in_process.recipe["p50"] / r.in_process.ask["p50"]
    return Check(target, f"{ratio:.2f} × (recipe {r.in_process.recipe['p50']:.1f} ms, "
                 f"ours {r.in_process.ask['p50']:.1f} ms)", ratio >= 2)


def _indexing(r: BenchResults) -> list[Check]:
    if r.builds is None:
        return [Check("no-change re-index < 1 s; full build ≥ 100 chunks/s", "not run", None)]
    b = r.builds
    return [
        Check("no-change re-index < 1 s (`compact-assistant index`, whole process)",
              f"{b.no_change_cli_s:.2f} s ({b.no_change_s * 1000:.0f} ms in process)",
              b.no_change_cli_s < 1),
        Check(f"full build ≥ 100 chunks/s (shipped corpus, {b.chunks} chunks)",
              f"{b.chunks_per_s:.0f} chunks/s ({b.units_per_s:.0f} sentence vectors/s)",
              b.chunks_per_s >= 100),
        *[
            Check(f"full build ≥ 100 chunks/s (synthetic, {g.chunks:,} chunks)",
                  f"{g.chunks_per_s:.0f} chunks/s ({g.units / g.build_s:.0f} sentence vectors/s)",
                  g.chunks_per_s >= 100)
            for g in r.growth if g.how == "full"
        ],
    ]


def _growth(r: BenchResults) -> Check:
    target = "at 100,000 chunks, p50 ≤ 2 × three-document p50"
    big = next((row for row in r.growth if row.target >= 100_000), None)
    if big is None:
        return Check(target, "not run", None)
    if big.worker.paired:
        ours, shipped = big.worker.paired["index"]["p50"], big.worker.paired["baseline"]["p50"]
        how = "questions asked of both indexes in turn, one process"
    elif r.cold_start is not None:
        ours, shipped = big.worker.ask["p50"], r.cold_start.ask["p50"]
        how = "separate processes"
    else:
        return Check(target, "not run", None)
    return Check(target, f"{ours:.1f} ms = {ours / shipped:.2f} × {shipped:.1f} ms ({how})",
                 ours <= 2 * shipped)


def _cold_start(r: BenchResults) -> list[Check]:
    if r.cold_start is None:
        return [Check("cold start < 6 s; RSS < 700 MB warm", "not run", None)]
    c = r.cold_start
    return [
        Check("cold start < 6 s (process start to first answer)", f"{c.cold_start_s:.1f} s",
              c.cold_start_s < 6),
        Check("resident memory < 700 MB warm (shipped corpus)",
              f"{c.rss_warm_mb:.0f} MB (server: {r.http.rss_mb:.0f} MB)" if r.http
              else f"{c.rss_warm_mb:.0f} MB", c.rss_warm_mb < 700),
    ]
