"""Answerers turn retrieved passages into a short answer with [n] citation markers.

The default, `ExtractiveAnswerer`, writes no words of its own: it picks the sentences of the
passages that best answer the question, so every claim is a verbatim quote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .schemas import Passage
from .sentences import sentence_spans, terms


@dataclass
class Draft:
    """An answer before its citations are verified: text with [n] markers, and passage n."""

    text: str
    cited: list[Passage]
    answerer: str = "extractive"
    answerer_note: str | None = None  # why a fallback was used, or which sentences were dropped


class Answerer(Protocol):
    """Writes an answer from passages."""

    name: str

    def answer(
        self, question: str, passages: list[Passage], history: Sequence[str] = ()
    ) -> Draft:
        """A cited answer to `question` from `passages` (best first), after `history`."""
        ...


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, scored against the question."""

    passage_rank: int
    start: int
    end: int
    text: str
    score: float


class ExtractiveAnswerer:
    """Picks one to four sentences from the passages; no LLM, nothing invented."""

    name = "extractive"

    def __init__(
        self,
        idf: Callable[[str], float],
        expand: Callable[[str], str] = str,
        max_sentences: int = 4,
        max_chars: int = 700,
        relative_cutoff: float = 0.55,
    ) -> None:
        self._idf = idf
        self._expand = expand
        self._max_sentences = max_sentences
        self._max_chars = max_chars
        self._cutoff = relative_cutoff

    def answer(
        self, question: str, passages: list[Passage], history: Sequence[str] = ()
    ) -> Draft:
        """The best sentences in passage order, each with its marker (history is not needed)."""
        weights = self._term_weights(question)
        candidates = [c for rank, p in enumerate(passages) for c in self._score(rank, p, weights)]
        chosen = self._choose(candidates)
        return self._write(chosen, passages)

    def _term_weights(self, question: str) -> dict[str, float]:
        return {term: self._idf(term) for term in set(terms(self._expand(question)))}

    def _score(self, rank: int, passage: Passage, weights: dict[str, float]) -> list[Candidate]:
        chunk = passage.chunk
        spans = [(0, len(chunk.text))] if chunk.kind == "compacts" else sentence_spans(chunk.text)
        total = sum(weights.values()) or 1.0
        prior = 1.0 / (1.0 + 0.35 * rank)
        found = []
        for start, end in spans:
            text = chunk.text[start:end]
            overlap = sum(weights[t] for t in set(terms(text)) if t in weights) / total
            found.append(Candidate(rank, start, end, text, prior * (0.45 + overlap)))
        return found

    def _choose(self, candidates: list[Candidate]) -> list[Candidate]:
        if not candidates:
            return []
        opening = max((c for c in candidates if c.passage_rank == 0), key=lambda c: c.score)
        chosen = [opening]
        floor = self._cutoff * max(c.score for c in candidates)
        length = len(opening.text)
        for candidate in sorted(candidates, key=lambda c: -c.score):
            if len(chosen) >= self._max_sentences or candidate.score < floor:
                break
            if candidate is opening or length + len(candidate.text) > self._max_chars:
                continue
            if any(_similar(candidate.text, other.text) for other in chosen):
                continue
            chosen.append(candidate)
            length += len(candidate.text)
        chosen += _list_items(chosen, candidates)
        return sorted(set(chosen), key=lambda c: (c.passage_rank, c.start))

    def _write(self, chosen: list[Candidate], passages: list[Passage]) -> Draft:
        numbers: dict[int, int] = {}
        parts = []
        for candidate in chosen:
            n = numbers.setdefault(candidate.passage_rank, len(numbers) + 1)
            parts.append(f"{candidate.text} [{n}]")
        cited = [passages[rank] for rank in sorted(numbers, key=numbers.__getitem__)]
        return Draft(" ".join(parts), cited, self.name)


def _list_items(
    chosen: list[Candidate], candidates: list[Candidate], most: int = 8
) -> list[Candidate]:
    """The items that follow a chosen sentence introducing a list ("...five outcomes:")."""
    items: list[Candidate] = []
    for intro in (c for c in chosen if c.text.endswith(":")):
        same_passage = (c for c in candidates if c.passage_rank == intro.passage_rank)
        following = sorted(
            (c for c in same_passage if c.start > intro.start), key=lambda c: c.start
        )
        items += following[:most]
    return items


def _similar(a: str, b: str, threshold: float = 0.6) -> bool:
    """Near-duplicate sentences share most of their content words."""
    terms_a, terms_b = set(terms(a)), set(terms(b))
    if not terms_a or not terms_b:
        return False
    return len(terms_a & terms_b) / len(terms_a | terms_b) >= threshold
