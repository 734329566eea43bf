"""Evaluation cases: a question with the evidence a correct citation must quote, or a refusal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CASES_FILE = Path(__file__).resolve().parent / "cases.jsonl"
CATEGORIES = (
    "guidance",
    "national-compact",
    "local-compacts",
    "follow-up",
    "paraphrase-typo",
    "out-of-scope",
    "adversarial",
)


@dataclass(frozen=True)
class Case:
    """One evaluation case."""

    id: str
    category: str
    question: str
    evidence: tuple[str, ...] = ()
    expect_refusal: bool = False
    history: tuple[str, ...] = field(default=())
    note: str = ""
    points: tuple[str, ...] = ()  # phrases a complete answer states (multi-point questions)
    split: str = ""  # "tune" or "test" (evals/splits.py assigns it once; it never changes)

    @property
    def answerable(self) -> bool:
        """True when the corpus answers the case."""
        return not self.expect_refusal


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    """Read cases from JSON lines; ValueError names the line of a malformed case."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases.append(case_from_dict(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}, line {number}: bad case ({exc})") from exc
        if cases[-1].category not in CATEGORIES:
            raise ValueError(f"{path}, line {number}: unknown category {cases[-1].category!r}")
    return cases


def case_from_dict(raw: dict[str, Any]) -> Case:
    """A case from one line's JSON object (KeyError or TypeError when it is malformed)."""
    return Case(
        id=raw["id"],
        category=raw["category"],
        question=raw["question"],
        evidence=tuple(raw.get("evidence", ())),
        expect_refusal=raw.get("expect") == "refuse",
        history=tuple(raw.get("history", ())),
        note=raw.get("note", ""),
        points=tuple(raw.get("points", ())),
        split=raw.get("split", ""),
    )
