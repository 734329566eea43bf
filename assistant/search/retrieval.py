"""Hybrid retrieval: dense search in Chroma and BM25 gather candidates; a learned scorer ranks
them, with every candidate sentence scored against the question from vectors kept in memory."""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from assistant.schemas import Chunk, Passage
from assistant.search.embedders import Embedder
from assistant.search.glossary import Glossary, with_expansions
from assistant.search.questions import (
    WORDED_KINDS,
    answer_words,
    asking_sentence,
    asks_of_its_context,
    quoted_phrase,
    topic_said_about,
    without_asking_words,
)
from assistant.search.ranking import LinearRanker, Query
from assistant.search.stores import VectorStore
from assistant.search.word_neighbours import WordNeighbours
from assistant.text import MIN_LISTED_ITEMS, split_earlier, terms

# Candidates taken from each of dense and lexical search before ranking. Twenty from each held
# the evidence for every tuning case whose evidence any candidate list held (evals/README.md).
CANDIDATES = 20


def import_bm25s() -> Any:
    """bm25s, imported where first needed (it is slow to import). It sets its own logger to
    DEBUG when imported ("Building index from tokens" on every load): kept to warnings unless
    debug logging was asked for."""
    import bm25s

    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


# A term in at least this share of the passages of prose ("compact", in all of today's) tells
# no passage from another, so the sentence that asks is embedded without it (see
# `question_vector`), when at least MIN_TERMS_LEFT of its terms are left. Chosen on the tuning
# split asked in full (4198 cases, 2026-12-05; cases passed 3431 before): left 1, 2, 3, 4 terms
# passed 3449, 3447, 3446, 3443; a share of 0.7 the same as 0.9.
UBIQUITOUS_SHARE = 0.9
MIN_TERMS_LEFT = 1


class LexicalIndex:
    """BM25 over chunk texts, kept in memory (bm25s, sparse matrices)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        bm25s = import_bm25s()
        self.chunks = list(chunks)
        self._bm25 = bm25s.BM25()
        tokens = [terms(chunk.search_text) or ["_"] for chunk in self.chunks]
        self._document_frequency = Counter(term for doc in tokens for term in set(doc))
        if self.chunks:
            self._bm25.index(tokens, show_progress=False)
        # terms of nearly every passage of prose (list rows aside): "compact" in a corpus about
        # the Compact, which tells one passage from another by nothing
        prose = [set(doc) for doc, chunk in zip(tokens, self.chunks, strict=True)
                 if chunk.kind != "compacts"]
        self.ubiquitous = frozenset(
            term for term, count in Counter(t for doc in prose for t in doc).items()
            if count >= UBIQUITOUS_SHARE * len(prose))

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


class Sections:
    """Where each chunk sits in its section: its position, and its section's other chunks."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        members: dict[tuple[str, str | None], list[Chunk]] = {}
        for chunk in chunks:
            if chunk.kind != "compacts":  # a list row is its own section
                members.setdefault((chunk.doc_id, chunk.section), []).append(chunk)
        self._position: dict[str, int] = {}
        self._members: dict[str, list[str]] = {}
        for chunks_of_section in members.values():
            ordered = [c.chunk_id for c in sorted(chunks_of_section, key=lambda c: c.start)]
            for position, chunk_id in enumerate(ordered):
                self._position[chunk_id] = position
                self._members[chunk_id] = ordered

    def position(self, chunk_id: str) -> int:
        """0 for the first chunk of its section (or for a chunk not known)."""
        return self._position.get(chunk_id, 0)

    def members(self, chunk_id: str) -> list[str]:
        """The chunk ids of its section, in reading order (just itself if not known)."""
        return self._members.get(chunk_id, [chunk_id])


class SentenceVectors:
    """Each chunk's sentence-unit vectors, in memory, to score every candidate's sentences;
    section headings are embedded on first use and kept."""

    def __init__(self, vectors: dict[str, np.ndarray],
                 owners: dict[str, np.ndarray] | None = None) -> None:
        self._vectors = vectors
        # for a chunk with more vectors than sentence units (`Chunk.embedded_units`), the
        # unit each vector scores
        self._owners = owners or {}
        self._headings: dict[str, np.ndarray] = {}

    def heading_scores(self, headings: list[str], query: np.ndarray,
                       embedder: Embedder) -> list[float]:
        """Cosine of each heading with the query vector (headings embedded once, then kept)."""
        new = sorted({h for h in headings if h not in self._headings})
        if new:
            for heading, vector in zip(new, embedder.embed_documents(new), strict=True):
                self._headings[heading] = np.asarray(vector, dtype=np.float32)
        return [float(self._headings[h] @ query) for h in headings]

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[Chunk, list[Any]]]) -> SentenceVectors:
        """From (chunk, vectors) pairs as `ChromaIndex.iter_vectors` yields them, the vectors
        in the order of `Chunk.embedded_units`."""
        vectors, owners = {}, {}
        for chunk, units in pairs:
            vectors[chunk.chunk_id] = np.asarray(units, dtype=np.float32)
            # a sentence with items has at least 1 + MIN_LISTED_ITEMS vectors: a chunk with
            # fewer needs no mapping, and is not split into sentences again at load
            if len(units) <= MIN_LISTED_ITEMS:
                continue
            scored = [index for index, _ in chunk.embedded_units()]
            if len(scored) == len(units) and len(set(scored)) < len(scored):
                owners[chunk.chunk_id] = np.asarray(scored)
        return cls(vectors, owners)

    def scores(self, chunk_id: str, query: np.ndarray) -> list[float]:
        """Cosine of each sentence unit with the (normalised) query vector, its best vector's
        where it has several; [] if unknown."""
        units = self._vectors.get(chunk_id)
        if units is None:
            return []
        cosines = units @ query
        owners = self._owners.get(chunk_id)
        if owners is None:
            return [float(x) for x in cosines]
        best = np.full(int(owners[-1]) + 1, -np.inf, dtype=np.float32)
        np.maximum.at(best, owners, cosines)
        return [float(x) for x in best]


class Retriever(Protocol):
    """Finds passages for a query."""

    def retrieve(self, query: str, k: int) -> RetrievalResult:
        """The k best passages for `query`."""
        ...


@dataclass
class RetrievalResult:
    """Passages, best first, with the analysed query and per-stage timings."""

    passages: list[Passage]
    expanded_query: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    query: Query | None = None
    candidates: list[Passage] = field(default_factory=list)  # every candidate, ranked


class HybridRetriever:
    """Dense and lexical candidates, sentences scored in memory, ranked by a learned scorer."""

    def __init__(
        self,
        store: VectorStore,
        lexical: LexicalIndex,
        embedder: Embedder,
        glossary: Glossary,
        ranker: LinearRanker | None = None,
        sentence_vectors: SentenceVectors | None = None,
        candidates: int = CANDIDATES,
        neighbours: WordNeighbours | None = None,
    ) -> None:
        self.store = store
        self.lexical = lexical
        self.embedder = embedder
        self.glossary = glossary
        self.ranker = ranker or LinearRanker.load()
        self.sentence_vectors = sentence_vectors or SentenceVectors({})
        self.candidates = candidates
        self.neighbours = neighbours
        self.sections = Sections(lexical.chunks)

    def expand(self, query: str) -> str:
        """The query with what it says put in the corpus's words appended: its acronyms'
        expansions, and a stand-in for each word the corpus never uses."""
        extra = self.glossary.expansions(query)
        if self.neighbours is not None:
            extra += [word for word in self.neighbours.expansions(query) if word not in extra]
        extra += [word for word in answer_words(_asking_onward(query)) if word not in extra]
        return with_expansions(query, extra)

    def retrieve(self, query: str, k: int) -> RetrievalResult:
        """The k best passages for `query`."""
        timings: dict[str, float] = {}
        clock = time.perf_counter()
        expanded = self.expand(query)
        # the question as asked is embedded beside its expansion only when one was added
        as_asked = self.glossary.abbreviated(query) if expanded != query else None
        vector = question_vector(self.embedder, query, expanded, self.lexical.ubiquitous,
                                 as_asked)
        timings["embed"] = _since(clock)
        clock = time.perf_counter()
        dense = self.store.similarity_search_by_vector_with_score(vector, self.candidates)
        timings["dense"] = _since(clock)
        clock = time.perf_counter()
        lexical = self.lexical.search(terms(without_asking_words(expanded)), self.candidates)
        timings["lexical"] = _since(clock)
        clock = time.perf_counter()
        candidates = gather(dense, lexical)
        self._score_sentences(candidates, np.asarray(vector, dtype=np.float32))
        analysed = Query.analyse(expanded, self.lexical.idf, asked=query,
                                 synonyms=self.glossary.synonyms(expanded))
        ranked = _kind_within(self.ranker.rank(analysed, candidates), analysed, k)
        timings["rank"] = _since(clock)
        return RetrievalResult(ranked[:k], expanded, timings, analysed, ranked)

    def _score_sentences(self, passages: list[Passage], query: np.ndarray) -> None:
        best_in_section: dict[tuple[str, ...], float | None] = {}
        for passage in passages:
            scores = self.sentence_vectors.scores(passage.chunk.chunk_id, query)
            if scores:
                passage.sentence_scores = scores
                passage.dense = max(scores)
            chunk_id = passage.chunk.chunk_id
            passage.section_position = self.sections.position(chunk_id)
            members = tuple(self.sections.members(chunk_id))
            if members not in best_in_section:  # once per section, not once per candidate
                best_in_section[members] = max(
                    (max(s) for s in (self.sentence_vectors.scores(m, query) for m in members)
                     if s), default=None)
            best = best_in_section[members]
            passage.section_dense = passage.dense if best is None else best
        headed = [p for p in passages if p.chunk.section and p.chunk.kind != "compacts"]
        similarities = self.sentence_vectors.heading_scores(
            [p.chunk.section or "" for p in headed], query, self.embedder)
        for passage, similarity in zip(headed, similarities, strict=True):
            passage.heading_score = similarity


def question_vector(embedder: Embedder, question: str, expanded: str | None = None,
                    ubiquitous: frozenset[str] = frozenset(),
                    as_asked: str | None = None) -> list[float]:
    """The question's vector: the mean of the question with its acronyms' expansions
    (`expanded`), the question as asked when an expansion was added (so that "Police and Crime
    Commissioner" helps find a PCC without outweighing what is asked about it; `as_asked`, the
    question with a body named in full written as its acronym, so that naming it in full weighs
    no more), and, for a question with context before or after it ("We're a small charity...
    What does the Compact promise?"), the sentence that asks (so that the context does not
    outweigh the question), unless it has no words of its own ("Someone mentioned a guide. What
    is it for?") or asks what is said of its context ("...want a councillor on our board. Does
    the Compact have anything to say about that?"), where the context is what is asked about;
    the topic a question asks what is said about, when it names one; and a phrase it quotes. A
    follow-up's own words are the sentence that asks, and the question it follows its context.
    The sentence that asks is embedded without the `ubiquitous` terms, found in nearly every
    passage ("Does the Compact protect our right to campaign?" is about campaigning, whichever
    passage names the Compact)."""
    texts = [expanded or question]
    if expanded and expanded != question:
        # the mission's example in full, "Why should a Police and Crime Commissioner use their
        # local Compact?", is answered as "...a PCC..." is (tuning split, 4398 cases: 1 better,
        # 1 worse, a CCG case its acronym fails too; test split unchanged)
        texts.append(as_asked or question)
    own, earlier = split_earlier(question)
    # a follow-up asks in its own words, and the question it follows is context: on the tuning
    # split (2098 cases) this made 8 better and 6 worse against reading the earlier question
    # as the sentence that asks (as "(after:" split at its colon had), 4 and 2 against leaving
    # both unweighted; follow-ups 0.841 -> 0.847
    asking = asking_sentence(own) or (own if earlier else None)
    if asking is not None and terms(asking) and not asks_of_its_context(asking):
        texts.append(_without_ubiquitous(asking, ubiquitous))
    # "Does the Compact say anything about sharing information?": the topic alone as well, so
    # that what it is said of (in every passage) does not outweigh it (tuning split, 2848
    # cases: 3 better, 1 worse, that one failing before and after)
    topic = topic_said_about(asking or own)
    if topic is not None:
        # ...with what is searched beside the question, so that an acronym is read as its name
        # ("FCR (full cost recovery)"; tuning split, 3598 cases: 2 better, 1 worse)
        beside = expanded[len(question):] if expanded and expanded.startswith(question) else ""
        texts.append(topic + beside)
    # "...said it was part of a 'strategic review'. Is that right?": the phrase quoted as well,
    # as written where it was read, unless it is only the corpus's ubiquitous terms ("'the
    # Compact'") (tuning split, 4398 cases: 3 better, 0 worse; development sets +2)
    quoted = quoted_phrase(own)
    if quoted is not None and set(terms(quoted)) - ubiquitous:
        texts.append(quoted)
    vectors = np.asarray(embedder.embed_queries(texts), dtype=np.float32)
    combined = vectors.sum(axis=0)
    return [float(x) for x in combined / np.linalg.norm(combined)]


def _without_ubiquitous(text: str, ubiquitous: frozenset[str]) -> str:
    """The text without its words of (nearly) every passage, when enough others are left."""
    left = " ".join(word for word in text.split()
                    if not (said := set(terms(word))) or not said <= ubiquitous)
    return left if len(terms(left)) >= MIN_TERMS_LEFT else text


def gather(dense: list[tuple[Chunk, float]], lexical: list[tuple[Chunk, float]]) -> list[Passage]:
    """The union of both candidate lists, each passage with its dense similarity and its BM25
    score scaled to the best. A passage found only by BM25 gets the lowest dense similarity
    seen until its sentences are scored."""
    passages: dict[str, Passage] = {}
    for rank, (chunk, similarity) in enumerate(dense, start=1):
        passages[chunk.chunk_id] = Passage(chunk, 0.0, dense=similarity, ranks={"dense": rank})
    floor = min((similarity for _, similarity in dense), default=0.0)
    top_lexical = lexical[0][1] if lexical else 1.0
    for rank, (chunk, score) in enumerate(lexical, start=1):
        passage = passages.setdefault(chunk.chunk_id, Passage(chunk, 0.0, dense=floor))
        passage.lexical = score / top_lexical
        passage.ranks["lexical"] = rank
    return list(passages.values())


def _asking_onward(query: str) -> str:
    """What a question asks, for the words of its answer: from the sentence that asks to its
    end. Context before it is the asker's own ("We took over from the CCG. Who funds...?");
    a sentence after it says more of what is asked ("Is the Compact still a thing? Someone
    said it's been replaced."); all of it, when the sentence that asks asks of its context
    ("Someone said it's been replaced. Is that right?")."""
    own = split_earlier(query)[0]
    asking = asking_sentence(own)
    if asking is None or asks_of_its_context(asking):  # "...replaced. Is that right?"
        return own
    return own[own.rfind(asking):]


def _since(clock: float) -> float:
    return (time.perf_counter() - clock) * 1000.0


def _kind_within(ranked: list[Passage], query: Query, k: int) -> list[Passage]:
    """The ranking, with the best passage of the kind of answer asked for moved to the front
    when none of the first k is of that kind, for kinds a passage cannot answer without their
    words (what replaced a thing is named with "successor", "replaced"...)."""
    if query.kind not in WORDED_KINDS:
        return ranked
    fitting = [n for n, passage in enumerate(ranked) if any(
        query.fits(passage.chunk.text[s:e]) for s, e in passage.chunk.sentence_units())]
    if not fitting or fitting[0] < k:
        return ranked
    best = ranked[fitting[0]]
    return [best, *(p for p in ranked if p is not best)]
