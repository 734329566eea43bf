"""Percentiles, and the median over several runs of each figure."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

import numpy as np

Summary = dict[str, float]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), interpolated; NaN for no values."""
    return float(np.percentile(values, q)) if len(values) else float("nan")


def summarize(values: Sequence[float]) -> Summary:
    """p50, p95 and p99 of one run's samples, with their count."""
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "n": float(len(values)),
    }


def median_of(runs: Iterable[Summary]) -> Summary:
    """Each figure's median over the runs (keys of the first run)."""
    runs = list(runs)
    if not runs:
        return {}
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}
