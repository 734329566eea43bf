"""A whole run's results: saved as results.json, read back, and compared with an earlier run."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .runner import SystemRun
from .scoring import CaseResult

RESULTS_NAME = "results.json"


@dataclass
class SuiteResult:
    """Every system's run over the same cases; the first run is the system under test."""

    created: str
    target: str
    cases_file: str
    runs: list[SystemRun]
    seconds: float = 0.0
    gate: dict[str, Any] = field(default_factory=dict)
    growth: list[dict[str, Any]] = field(default_factory=list)  # the corpus-growth check

    @property
    def system(self) -> SystemRun:
        """The assistant's run (the gate and the comparisons are about it)."""
        return self.runs[0]

    @property
    def baselines(self) -> list[SystemRun]:
        """The baselines' runs."""
        return self.runs[1:]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, NaN written as null."""
        return _nan_to_none({
            "created": self.created,
            "target": self.target,
            "cases_file": self.cases_file,
            "seconds": round(self.seconds, 2),
            "gate": self.gate,
            "growth": self.growth,
            "systems": {run.name: run.to_dict() for run in self.runs},
        })

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SuiteResult:
        """The result back from `to_dict`."""
        runs = [SystemRun.from_dict(name, run) for name, run in raw["systems"].items()]
        return cls(
            raw.get("created", ""), raw.get("target", ""), raw.get("cases_file", ""), runs,
            float(raw.get("seconds", 0.0)), raw.get("gate", {}), raw.get("growth", []),
        )


def save(result: SuiteResult, folder: Path) -> Path:
    """Write results.json into `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / RESULTS_NAME
    path.write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def load(path: Path) -> SuiteResult:
    """Read a results.json written by `save`."""
    return SuiteResult.from_dict(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Change:
    """A case whose outcome moved between two runs."""

    case_id: str
    category: str
    before: str
    after: str


@dataclass
class Comparison:
    """Cases that got better or worse, cases new or gone, and each metric before and after."""

    better: list[Change] = field(default_factory=list)
    worse: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    metrics: dict[str, tuple[float, float]] = field(default_factory=dict)


def compare(previous: SuiteResult, current: SuiteResult) -> Comparison:
    """How the system's run moved from `previous` to `current`, case by case."""
    before = {r.case_id: r for r in previous.system.results}
    after = {r.case_id: r for r in current.system.results}
    comparison = Comparison(
        added=sorted(set(after) - set(before)), removed=sorted(set(before) - set(after))
    )
    for case_id, now in after.items():
        then = before.get(case_id)
        if then is None or standing(now) == standing(then):
            continue
        change = Change(case_id, now.category, describe(then), describe(now))
        (comparison.better if standing(now) > standing(then) else comparison.worse).append(change)
    for key, value in current.system.summary.items():
        comparison.metrics[key] = (previous.system.summary.get(key, math.nan), value)
    return comparison


def standing(result: CaseResult) -> tuple[float, ...]:
    """An ordering of outcomes: passed first, then answered, evidence rank, answer, citations."""
    if result.expected_refusal:
        return (float(result.passed), float(result.refused), float(result.citations_valid))
    return (
        float(result.passed),
        float(not result.refused and result.error is None),
        1.0 / result.evidence_rank if result.evidence_rank else 0.0,
        float(result.answer_states_evidence),
        float(result.citations_valid),
    )


def describe(result: CaseResult) -> str:
    """The outcome in a few words."""
    return "passed" if result.passed else "; ".join(result.failure_reasons())


def _nan_to_none(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: _nan_to_none(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_nan_to_none(item) for item in value]
    return value
