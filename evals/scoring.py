"""Score one answer against its case: where the evidence ranks, refusals, citation validity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.sentences import normalise

from .cases import Case

MARKER = re.compile(r"\[(\d+)\]")


@dataclass
class CaseResult:
    """How one system did on one case."""

    case_id: str
    category: str
    question: str
    status: str
    refused: bool
    expected_refusal: bool
    evidence_rank: int | None = None
    answer_states_evidence: bool = False
    citations_valid: bool = True
    citation_problems: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    answer: str = ""
    cited: list[str] = field(default_factory=list)
    query: str = ""

    @property
    def passed(self) -> bool:
        """Right refusal decision, evidence cited first, and valid citations."""
        if self.expected_refusal:
            return self.refused and self.citations_valid
        return self.evidence_rank == 1 and self.citations_valid and not self.refused


def contains_evidence(text: str, evidence: tuple[str, ...]) -> bool:
    """True when `text` holds any evidence phrase (case and white space folded)."""
    folded = normalise(text)
    return any(normalise(phrase) in folded for phrase in evidence)


def score(case: Case, answer: dict[str, Any], documents: dict[str, str], latency_ms: float) -> CaseResult:
    """Compare an answer (the API's JSON shape) with the case."""
    citations = answer.get("citations", [])
    refused = answer.get("status") != "answered"
    result = CaseResult(
        case_id=case.id,
        category=case.category,
        question=case.question,
        status=str(answer.get("status")),
        refused=refused,
        expected_refusal=case.expect_refusal,
        latency_ms=latency_ms,
        answer=str(answer.get("answer", "")),
        cited=[f"{c.get('doc_id')}: {c.get('quote', '')[:160]}" for c in citations],
        query=str(answer.get("query", case.question)),
    )
    result.citation_problems = check_citations(result.answer, citations, documents)
    result.citations_valid = not result.citation_problems
    if case.evidence and not refused:
        for rank, citation in enumerate(citations, start=1):
            if contains_evidence(citation.get("quote", ""), case.evidence):
                result.evidence_rank = rank
                break
        result.answer_states_evidence = contains_evidence(result.answer, case.evidence)
    return result


def check_citations(text: str, citations: list[dict[str, Any]], documents: dict[str, str]) -> list[str]:
    """Independent check: each quote is an exact substring of its source, each [n] is valid."""
    problems = []
    numbers = {c.get("n") for c in citations}
    for n in {int(n) for n in MARKER.findall(text)}:
        if n not in numbers:
            problems.append(f"[{n}] has no citation")
    for citation in citations:
        source = documents.get(citation.get("doc_id", ""))
        if source is None:
            problems.append(f"citation {citation.get('n')}: unknown document {citation.get('doc_id')}")
        elif citation.get("quote", "") not in source:
            problems.append(f"citation {citation.get('n')}: quote not found in its source")
    return problems
