"""Run the cases through each system and collect scored results."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .cases import Case
from .metrics import by_category, by_split, summarise
from .scoring import CaseResult, error_result, score
from .systems import System

WARM_UP_QUESTION = "What is the Compact?"


@dataclass
class SystemRun:
    """One system's results on every case, with its summary overall and by category."""

    name: str
    label: str
    results: list[CaseResult]
    seconds: float = 0.0
    summary: dict[str, float] = field(init=False)
    categories: dict[str, dict[str, float]] = field(init=False)
    splits: dict[str, dict[str, float]] = field(init=False)

    def __post_init__(self) -> None:
        self.summary = summarise(self.results)
        self.categories = by_category(self.results)
        self.splits = by_split(self.results)

    def gated_summary(self, split: str | None) -> dict[str, float]:
        """The summary the gate judges: one split's, or the whole run's when it has none."""
        return self.splits.get(split, self.summary) if split else self.summary

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: label, summary, by_category and every case."""
        return {
            "label": self.label,
            "seconds": round(self.seconds, 2),
            "summary": self.summary,
            "by_split": self.splits,
            "by_category": self.categories,
            "cases": [result.to_dict() for result in self.results],
        }

    @classmethod
    def from_dict(cls, name: str, raw: dict[str, Any]) -> SystemRun:
        """The run back from `to_dict` (summaries are recomputed from the cases)."""
        results = [CaseResult.from_dict(case) for case in raw.get("cases", [])]
        return cls(name, raw.get("label", name), results, float(raw.get("seconds", 0.0)))


def run_system(
    system: System,
    cases: Sequence[Case],
    documents: dict[str, str],
    advance: Callable[[], None] | None = None,
) -> SystemRun:
    """Ask every case (after one untimed warm-up question) and score the answers."""
    started = time.perf_counter()
    system.ask(WARM_UP_QUESTION)  # loads lazy indexes so the first case's latency is fair
    results = []
    for case in cases:
        results.append(run_case(system, case, documents))
        if advance:
            advance()
    return SystemRun(system.name, system.label, results, time.perf_counter() - started)


def run_case(system: System, case: Case, documents: dict[str, str]) -> CaseResult:
    """One case through one system; an exception becomes an error result, not a crash.

    Only the case's own question is timed, not the earlier turns of a follow-up.
    """
    clock = time.perf_counter()
    try:
        context = system.prepare(case.history)
        clock = time.perf_counter()
        answer = system.ask(case.question, context)
    except Exception as exc:  # a failing case is reported, the rest of the suite still runs
        return error_result(case, f"{type(exc).__name__}: {exc}", _ms(clock))
    latency = _ms(clock)
    return score(case, answer, documents, latency)


def _ms(clock: float) -> float:
    return (time.perf_counter() - clock) * 1000.0
