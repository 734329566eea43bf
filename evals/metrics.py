"""Aggregate case results into the suite's metrics, overall and by category."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .scoring import CaseResult


def summarise(results: Iterable[CaseResult]) -> dict[str, float]:
    """hit@k, MRR, answer-states-evidence, citation validity, refusal and latency figures."""
    results = list(results)
    answerable = [r for r in results if not r.expected_refusal]
    refusable = [r for r in results if r.expected_refusal]
    refused = [r for r in results if r.refused]
    follow_ups = [r for r in answerable if r.category == "follow-up"]
    latencies = [r.latency_ms for r in results]
    summary = {
        "cases": float(len(results)),
        "hit@1": _share(answerable, lambda r: r.evidence_rank == 1),
        "hit@3": _share(answerable, lambda r: r.evidence_rank is not None and r.evidence_rank <= 3),
        "hit@5": _share(answerable, lambda r: r.evidence_rank is not None and r.evidence_rank <= 5),
        "mrr": _mean([1.0 / r.evidence_rank if r.evidence_rank else 0.0 for r in answerable]),
        "answer_states_evidence": _share(answerable, lambda r: r.answer_states_evidence),
        "citations_valid": _share(results, lambda r: r.citations_valid),
        "refusal_precision": _share(refused, lambda r: r.expected_refusal),
        "refusal_recall": _share(refusable, lambda r: r.refused),
        "false_refusal_rate": _share(answerable, lambda r: r.refused),
        "follow_up_success": _share(follow_ups, lambda r: r.evidence_rank == 1),
        "latency_p50_ms": float(np.percentile(latencies, 50)) if latencies else float("nan"),
        "latency_p95_ms": float(np.percentile(latencies, 95)) if latencies else float("nan"),
    }
    return summary


def by_category(results: Iterable[CaseResult]) -> dict[str, dict[str, float]]:
    """The summary for each category."""
    groups: dict[str, list[CaseResult]] = {}
    for result in results:
        groups.setdefault(result.category, []).append(result)
    return {category: summarise(group) for category, group in sorted(groups.items())}


def _share(items: list[CaseResult], test: object) -> float:
    if not items:
        return float("nan")
    assert callable(test)
    return sum(1 for item in items if test(item)) / len(items)


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")
