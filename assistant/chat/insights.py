"""Insights for staff: questions per day by outcome, and declined questions grouped by meaning
(the content gaps staff should write for)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

STATUSES = ("answered", "not_found", "out_of_scope")
DECLINED = ("not_found", "out_of_scope")
# Two declined questions are one gap when their all-MiniLM-L6-v2 vectors are at least this
# close. Measured on 2026-12-02 over every pair of answerable cases in evals/cases.jsonl: pairs
# sharing an evidence phrase (one subject) score >= 0.65 in 42% of cases, pairs that share none
# in 1.2% (0.6: 48% and 2.7%; 0.7: 34% and 0.5%). Merging two subjects hides a gap, so the
# threshold errs towards keeping groups apart.
SIMILAR_QUESTION_COSINE = 0.65
MAX_GROUPED_QUESTIONS = 300  # the most recent declined questions grouped (embedding takes ~1 s)

Embed = Callable[[list[str]], list[list[float]]]


@dataclass
class Gap:
    """Declined questions that ask much the same thing."""

    question: str  # the wording asked most often (the first asked on a tie)
    count: int
    examples: list[str] = field(default_factory=list)


def daily_counts(
    asked: Sequence[tuple[datetime, str]], days: int, today: date
) -> list[dict[str, object]]:
    """One row per day for the last `days` days (oldest first): total and each status."""
    first = today - timedelta(days=days - 1)
    rows: dict[date, Counter[str]] = {first + timedelta(n): Counter() for n in range(days)}
    for at, status in asked:
        day = at.date()
        if day in rows:
            rows[day][status] += 1
    return [{"date": day.isoformat(), "total": sum(counts.values()),
             **{status: counts[status] for status in STATUSES}}
            for day, counts in rows.items()]


def shares(daily: Sequence[dict[str, object]]) -> dict[str, float]:
    """The share of all questions in the period that got each status (0 when none)."""
    totals = {status: sum(int(str(row[status])) for row in daily) for status in STATUSES}
    asked = sum(int(str(row["total"])) for row in daily)
    return {status: round(count / asked, 3) if asked else 0.0 for status, count in totals.items()}


def group_similar(questions: Sequence[str], embed: Embed,
                  threshold: float = SIMILAR_QUESTION_COSINE) -> list[Gap]:
    """Questions grouped with the first earlier group they are `threshold` close to, by the
    group's first question; the largest groups first."""
    wordings = Counter(" ".join(q.split()) for q in questions if q.strip())
    if not wordings:
        return []
    texts = list(wordings)
    vectors = [_unit(vector) for vector in embed(texts)]
    groups: list[tuple[list[float], list[str]]] = []
    for text, vector in zip(texts, vectors, strict=True):
        home = next((members for lead, members in groups
                     if _dot(lead, vector) >= threshold), None)
        if home is None:
            groups.append((vector, [text]))
        else:
            home.append(text)
    gaps = []
    for _, members in groups:
        ordered = sorted(members, key=lambda m: -wordings[m])  # stable: first asked on a tie
        gaps.append(Gap(ordered[0], sum(wordings[m] for m in members), ordered[:5]))
    return sorted(gaps, key=lambda gap: -gap.count)


def _unit(vector: Sequence[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))
