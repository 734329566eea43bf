"""Score one answer against its case: where the evidence ranks, refusals, citation validity."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from assistant.text import CITATION_MARKER

from .cases import Case

QUOTE_EXCERPT = 300  # characters of each cited quote kept in the results


@dataclass
class CaseResult:
    """How one system did on one case."""

    case_id: str
    category: str
    question: str
    status: str
    refused: bool
    expected_refusal: bool
    history: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    evidence_rank: int | None = None
    answer_states_evidence: bool = False
    split: str = ""
    points: list[str] = field(default_factory=list)
    points_stated: list[str] = field(default_factory=list)
    citations_valid: bool = True
    citation_problems: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    answer: str = ""
    cited: list[dict[str, Any]] = field(default_factory=list)
    query: str = ""
    error: str | None = None

    @property
    def completeness(self) -> float | None:
        """The share of the case's points the answer states; None for single-point cases."""
        return len(self.points_stated) / len(self.points) if self.points else None

    @property
    def passed(self) -> bool:
        """The case went right: see `failure_reasons`."""
        return not self.failure_reasons()

    def failure_reasons(self) -> list[str]:
        """Why the case failed, in words; empty when it passed."""
        reasons = [f"error: {self.error}"] if self.error else []
        reasons += self.citation_problems
        if self.expected_refusal:
            if not self.refused and not self.error:
                reasons.append("answered instead of refusing")
            return reasons
        if self.refused:
            reasons.append(f"refused ({self.status})")
        elif not self.error:
            if self.evidence_rank is None:
                reasons.append("evidence not in any citation")
            elif self.evidence_rank > 1:
                reasons.append(f"evidence first cited at rank {self.evidence_rank}")
            if not self.answer_states_evidence:
                reasons.append("answer text does not state the evidence")
        return reasons

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with `passed` and `failures` added for readers of results.json."""
        return {**asdict(self), "passed": self.passed, "failures": self.failure_reasons()}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CaseResult:
        """The result back from `to_dict` (extra keys ignored)."""
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in raw.items() if key in names})


def fold(text: str) -> str:
    """Fold case, curly apostrophes and white space, for tolerant phrase matching."""
    return " ".join(text.lower().replace("\u2019", "'").split())


def contains_evidence(text: str, evidence: tuple[str, ...] | list[str]) -> bool:
    """True when `text` holds any evidence phrase (case and white space folded)."""
    folded = fold(text)
    return any(fold(phrase) in folded for phrase in evidence)


def evidence_rank(citations: list[dict[str, Any]], evidence: tuple[str, ...]) -> int | None:
    """1-based rank of the first citation whose quote holds the evidence, or None."""
    for rank, citation in enumerate(citations, start=1):
        if contains_evidence(str(citation.get("quote", "")), evidence):
            return rank
    return None


def score(
    case: Case, answer: dict[str, Any], documents: dict[str, str], latency_ms: float
) -> CaseResult:
    """Compare an answer (the API's JSON shape) with the case."""
    citations = list(answer.get("citations") or [])
    refused = answer.get("status") != "answered"
    result = CaseResult(
        case_id=case.id,
        category=case.category,
        question=case.question,
        status=str(answer.get("status")),
        refused=refused,
        expected_refusal=case.expect_refusal,
        history=list(case.history),
        evidence=list(case.evidence),
        split=case.split,
        points=list(case.points),
        latency_ms=round(latency_ms, 2),
        answer=str(answer.get("answer", "")),
        cited=[_excerpt(citation) for citation in citations],
        query=str(answer.get("query") or case.question),
    )
    result.citation_problems = check_citations(result.answer, citations, documents)
    result.citations_valid = not result.citation_problems
    if case.evidence and not refused:
        result.evidence_rank = evidence_rank(citations, case.evidence)
        # markers are not text: "X. [1] Y" states "X. Y"
        stated = CITATION_MARKER.sub(" ", result.answer)
        result.answer_states_evidence = contains_evidence(stated, case.evidence)
        result.points_stated = [p for p in case.points if contains_evidence(stated, (p,))]
    return result


def error_result(case: Case, error: str, latency_ms: float) -> CaseResult:
    """The result of a case whose question raised or failed over HTTP."""
    return CaseResult(
        case_id=case.id,
        category=case.category,
        question=case.question,
        status="error",
        refused=False,
        expected_refusal=case.expect_refusal,
        history=list(case.history),
        evidence=list(case.evidence),
        split=case.split,
        points=list(case.points),
        latency_ms=round(latency_ms, 2),
        error=error,
    )


def check_citations(
    text: str, citations: list[dict[str, Any]], documents: dict[str, str]
) -> list[str]:
    """Independent check: each quote is an exact substring of its source, each [n] is valid."""
    problems = []
    numbers = [citation.get("n") for citation in citations]
    if len(set(numbers)) != len(numbers):
        problems.append(f"citation numbers repeat: {numbers}")
    for marker in sorted({int(m) for m in CITATION_MARKER.findall(text)}):
        if marker not in numbers:
            problems.append(f"[{marker}] has no citation")
    for citation in citations:
        n, doc_id = citation.get("n"), str(citation.get("doc_id", ""))
        source, quote = documents.get(doc_id), str(citation.get("quote", ""))
        if source is None:
            problems.append(f"citation {n}: unknown document {doc_id!r}")
        elif not quote.strip():
            problems.append(f"citation {n}: empty quote")
        elif quote not in source:
            problems.append(f"citation {n}: quote not found in {doc_id}")
    return problems


def _excerpt(citation: dict[str, Any]) -> dict[str, Any]:
    quote = str(citation.get("quote", ""))
    if len(quote) > QUOTE_EXCERPT:
        quote = quote[:QUOTE_EXCERPT].rstrip() + "…"
    return {
        "n": citation.get("n"),
        "doc_id": citation.get("doc_id"),
        "section": citation.get("section"),
        "quote": quote,
    }
