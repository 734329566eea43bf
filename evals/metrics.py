"""Aggregate case results into the suite's metrics, overall and by category."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .scoring import CaseResult


@dataclass(frozen=True)
class Metric:
    """A summary figure: its key in results.json, a label, and which direction is better."""

    key: str
    label: str
    higher_is_better: bool = True
    unit: str = ""  # "ms" for latency, "n" for counts, "" for shares


METRICS = (
    Metric("hit@1", "hit@1"),
    Metric("hit@3", "hit@3"),
    Metric("hit@5", "hit@5"),
    Metric("mrr", "MRR"),
    Metric("answer_states_evidence", "answer states the evidence"),
    Metric("complete", "points stated (multi-point cases)"),
    Metric("citations_valid", "citations valid"),
    Metric("refusal_precision", "refusal precision"),
    Metric("refusal_recall", "refusal recall"),
    Metric("false_refusal_rate", "false refusal rate", higher_is_better=False),
    Metric("follow_up_success", "follow-up success"),
    Metric("pass_rate", "cases passed"),
    Metric("errors", "errors", higher_is_better=False, unit="n"),
    Metric("latency_p50_ms", "latency p50", higher_is_better=False, unit="ms"),
    Metric("latency_p95_ms", "latency p95", higher_is_better=False, unit="ms"),
)
METRIC_KEYS = frozenset(metric.key for metric in METRICS)


def summarise(results: Iterable[CaseResult]) -> dict[str, float]:
    """hit@k, MRR, answer-states-evidence, citation validity, refusal and latency figures."""
    results = list(results)
    answerable = [r for r in results if not r.expected_refusal]
    refusable = [r for r in results if r.expected_refusal]
    refused = [r for r in results if r.refused]
    follow_ups = [r for r in answerable if r.category == "follow-up"]
    latencies = [r.latency_ms for r in results if r.error is None]
    return {
        "cases": float(len(results)),
        "hit@1": share(answerable, lambda r: _hit(r, 1)),
        "hit@3": share(answerable, lambda r: _hit(r, 3)),
        "hit@5": share(answerable, lambda r: _hit(r, 5)),
        "mrr": _mean([1.0 / r.evidence_rank if r.evidence_rank else 0.0 for r in answerable]),
        "answer_states_evidence": share(answerable, lambda r: r.answer_states_evidence),
        "complete": _mean([r.completeness for r in answerable if r.completeness is not None]),
        "citations_valid": share(results, lambda r: r.citations_valid),
        "refusal_precision": share(refused, lambda r: r.expected_refusal),
        "refusal_recall": share(refusable, lambda r: r.refused),
        "false_refusal_rate": share(answerable, lambda r: r.refused),
        "follow_up_success": share(follow_ups, lambda r: r.passed),
        "pass_rate": share(results, lambda r: r.passed),
        "errors": float(sum(1 for r in results if r.error is not None)),
        "latency_p50_ms": _percentile(latencies, 50),
        "latency_p95_ms": _percentile(latencies, 95),
    }


def by_split(results: Iterable[CaseResult]) -> dict[str, dict[str, float]]:
    """The summary for each split ("tune", "test"; cases without one are left out)."""
    groups: dict[str, list[CaseResult]] = {}
    for result in results:
        if result.split:
            groups.setdefault(result.split, []).append(result)
    return {split: summarise(group) for split, group in sorted(groups.items())}


def by_category(results: Iterable[CaseResult]) -> dict[str, dict[str, float]]:
    """The summary for each category."""
    groups: dict[str, list[CaseResult]] = {}
    for result in results:
        groups.setdefault(result.category, []).append(result)
    return {category: summarise(group) for category, group in sorted(groups.items())}


def share(items: list[CaseResult], test: Callable[[CaseResult], bool]) -> float:
    """The fraction of `items` passing `test`; NaN when there are none."""
    if not items:
        return math.nan
    return sum(1 for item in items if test(item)) / len(items)


def ratio(ours: float, theirs: float) -> float:
    """ours / theirs, NaN when either is missing or theirs is zero."""
    if math.isnan(ours) or math.isnan(theirs) or theirs == 0:
        return math.nan
    return ours / theirs


def _hit(result: CaseResult, k: int) -> bool:
    return result.evidence_rank is not None and result.evidence_rank <= k


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else math.nan


def _percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2) if values else math.nan
