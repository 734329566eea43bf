"""Hybrid retrieval: dense search in Chroma and BM25 over the same chunks, fused by rank."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from .embedders import Embedder
from .glossary import Glossary
from .schemas import Chunk, Passage
from .sentences import terms
from .stores import VectorStore

LEXICAL_WEIGHT = 0.3  # measured on the evaluation cases: see evals/README.md


class LexicalIndex:
    """BM25 over chunk texts, kept in memory (bm25s, sparse matrices)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        import bm25s

        self.chunks = list(chunks)
        self._bm25 = bm25s.BM25()
        tokens = [terms(chunk.search_text) or ["_"] for chunk in self.chunks]
        self._document_frequency = Counter(term for doc in tokens for term in set(doc))
        if self.chunks:
            self._bm25.index(tokens, show_progress=False)

    def idf(self, term: str) -> float:
        """How rare a term is across the chunks (BM25's inverse document frequency)."""
        count = self._document_frequency.get(term, 0)
        return math.log(1.0 + (len(self.chunks) - count + 0.5) / (count + 0.5))

    def search(self, query_terms: list[str], k: int) -> list[tuple[Chunk, float]]:
        """The k best chunks for the terms, with their BM25 scores (zero scores dropped)."""
        if not self.chunks or not query_terms:
            return []
        scores = self._bm25.get_scores(query_terms)
        k = min(k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        ranked = sorted(best, key=lambda i: -scores[i])
        return [(self.chunks[i], float(scores[i])) for i in ranked if scores[i] > 0]


class Retriever(Protocol):
    """Finds passages for a query."""

    def retrieve(self, query: str, k: int) -> RetrievalResult:
        """The k best passages for `query`."""
        ...


@dataclass
class RetrievalResult:
    """Passages, best first, with the expanded query and per-stage timings."""

    passages: list[Passage]
    expanded_query: str
    timings_ms: dict[str, float] = field(default_factory=dict)


class HybridRetriever:
    """Dense and lexical search fused by reciprocal rank."""

    def __init__(
        self,
        store: VectorStore,
        lexical: LexicalIndex,
        embedder: Embedder,
        glossary: Glossary,
        candidates: int = 20,
    ) -> None:
        self.store = store
        self.lexical = lexical
        self.embedder = embedder
        self.glossary = glossary
        self.candidates = candidates

    def retrieve(self, query: str, k: int) -> RetrievalResult:
        """The k best passages for `query`, scored by dense similarity and BM25 rank."""
        timings: dict[str, float] = {}
        expanded = self.glossary.expand(query)
        clock = time.perf_counter()
        vector = self.embedder.embed_query(expanded)
        timings["embed"] = _since(clock)
        clock = time.perf_counter()
        dense = self.store.similarity_search_by_vector_with_score(vector, self.candidates)
        timings["dense"] = _since(clock)
        clock = time.perf_counter()
        lexical = self.lexical.search(terms(expanded), self.candidates)
        timings["lexical"] = _since(clock)
        clock = time.perf_counter()
        passages = fuse(dense, lexical)[:k]
        timings["fusion"] = _since(clock)
        return RetrievalResult(passages, expanded, timings)


def fuse(
    dense: list[tuple[Chunk, float]],
    lexical: list[tuple[Chunk, float]],
    lexical_weight: float = LEXICAL_WEIGHT,
) -> list[Passage]:
    """Weighted fusion: dense similarity plus a share of the BM25 score (scaled to the best).

    A passage found only by BM25 is given the lowest dense similarity seen, a fair floor.
    """
    passages: dict[str, Passage] = {}
    for rank, (chunk, similarity) in enumerate(dense, start=1):
        passages[chunk.chunk_id] = Passage(chunk, 0.0, dense=similarity, ranks={"dense": rank})
    floor = min((similarity for _, similarity in dense), default=0.0)
    top_lexical = lexical[0][1] if lexical else 1.0
    for rank, (chunk, score) in enumerate(lexical, start=1):
        passage = passages.setdefault(chunk.chunk_id, Passage(chunk, 0.0, dense=floor))
        passage.lexical = score / top_lexical
        passage.ranks["lexical"] = rank
    for passage in passages.values():
        passage.score = passage.dense + lexical_weight * passage.lexical
    return sorted(passages.values(), key=lambda p: -p.score)


def _since(clock: float) -> float:
    return (time.perf_counter() - clock) * 1000.0
