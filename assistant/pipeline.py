"""The `Assistant`: wires retrieval, refusal, answering and citation checks together."""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.citations import STALE_AFTER_YEARS, build_citations, verify
from assistant.answer.extractive import (
    RELATIVE_CUTOFF,
    Answerer,
    ExtractiveAnswerer,
    StreamingAnswerer,
)
from assistant.answer.refusal import (
    RefusalPolicy,
    ThresholdRefusal,
    Thresholds,
    Vocabulary,
    without_instructions,
)
from assistant.answer.sources import SourcesFile
from assistant.chat.followups import FollowUpRewriter, QueryRewriter
from assistant.config import EmbeddingRuntime, Settings
from assistant.directory.casing import capitalise_places
from assistant.directory.list_questions import (
    ListAnswerer,
    ListLookup,
    prose_naming_rows,
    unheld_by_rows,
)
from assistant.directory.lookup import CompactDirectory, Entry, short_forms_named
from assistant.directory.places import Gazetteer
from assistant.errors import IndexNotBuiltError, InvalidQuestionError
from assistant.ingest.compacts import CompactRecord
from assistant.ingest.indexing import Indexer, ProgressFactory
from assistant.logs import scrub
from assistant.schemas import Answer, Chunk, Draft, Outcome, Passage, Status
from assistant.search.batching import MicroBatcher
from assistant.search.chat_words import plain_question
from assistant.search.chroma import make_client
from assistant.search.defined_terms import DefinedTerms
from assistant.search.documents import DocumentNames, named_first
from assistant.search.embedders import (
    MODEL_NAME,
    Embedder,
    MiniLMEmbedder,
    OnnxMiniLMEmbedder,
    model_words,
)
from assistant.search.glossary import Glossary
from assistant.search.onnx_model import OnnxVariant, ensure_model
from assistant.search.ranking import LinearRanker, Query
from assistant.search.retrieval import (
    HybridRetriever,
    LexicalIndex,
    RetrievalResult,
    SentenceVectors,
)
from assistant.search.stores import ChromaIndex
from assistant.search.word_neighbours import WordNeighbours, WordVectorCache
from assistant.text import EARLIER_QUESTION, with_earlier
from assistant.timing import StageClock

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
REFRESH_SECONDS = 2.0

# Builds the refusal policy for an index version from its documents' texts (the policy owns
# the corpus vocabulary, which changes with the documents).
RefusalFactory = Callable[[list[str]], RefusalPolicy]


@dataclass(frozen=True)
class LoadedIndex:
    """One index version, ready to serve: its retriever and its documents' text."""

    version: str
    retriever: HybridRetriever
    lexical: LexicalIndex
    documents: dict[str, str]
    refusal: RefusalPolicy
    lists: ListLookup
    directory: CompactDirectory
    sources: DocumentNames  # the indexed documents, as a question may name one
    defined_terms: DefinedTerms  # "this agreement" asked of what the documents call "the Compact"


class Assistant:
    """Answers questions from the active index version with verified citations."""

    def __init__(
        self,
        index: ChromaIndex,
        embedder: Embedder,
        glossary: Glossary,
        thresholds: Thresholds,
        top_k: int = 5,
        answerer: Answerer | None = None,
        ranker: LinearRanker | None = None,
        max_answer_sentences: int = 5,
        rewriter: QueryRewriter | None = None,
        refusal: RefusalFactory | None = None,
        sources: SourcesFile | None = None,
        stale_after_years: int = STALE_AFTER_YEARS,
        word_vectors: WordVectorCache | None = None,
        places: Gazetteer | None = None,
    ) -> None:
        self.index = index
        self.places = places
        self.word_vectors = word_vectors
        self.sources = sources
        self.stale_after_years = stale_after_years
        self.embedder = embedder
        self.glossary = glossary
        self.thresholds = thresholds
        self.top_k = top_k
        self.rewriter = rewriter or FollowUpRewriter()
        self.refusal = refusal or (lambda texts: ThresholdRefusal(
            thresholds, Vocabulary(texts, known=[*glossary.terms, *short_forms_named(texts)],
                                   known_names=glossary.terms.values())))
        self.ranker = ranker or LinearRanker.load()
        self.answerer = answerer or ExtractiveAnswerer(
            self._analyse, self.ranker.sentences, max_sentences=max_answer_sentences,
            relative_cutoff=self.ranker.relative_cutoff or RELATIVE_CUTOFF)
        self._loaded: LoadedIndex | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """True once an index version with at least one passage is loaded."""
        return self._loaded is not None and bool(self._loaded.lexical.chunks)

    @property
    def loaded(self) -> LoadedIndex:
        """The index version in use, loading (or reloading) it when needed."""
        if self._loaded is None or time.monotonic() - self._checked_at > REFRESH_SECONDS:
            self.refresh()
        if self._loaded is None:
            raise IndexNotBuiltError("no index has been built yet: run `compact-assistant index`")
        return self._loaded

    def refresh(self) -> bool:
        """Switch to the active index version if it changed; True when it did."""
        with self._lock:
            self._checked_at = time.monotonic()
            version = self.index.active_version()
            if version is None or (self._loaded and self._loaded.version == version):
                return False
            self._loaded = self._load(version)
            return True

    def _load(self, version: str) -> LoadedIndex:
        documents = self.index.documents(version)
        # one read of the version: every chunk with its sentence vectors
        with_vectors = list(self.index.iter_vectors(version, set(documents)))
        chunks = [chunk for chunk, _ in with_vectors]
        store = self.index.reader(version, chunks)
        lexical = LexicalIndex(chunks)
        vectors = SentenceVectors.from_pairs(with_vectors)
        neighbours = WordNeighbours.from_texts(
            (chunk.search_text for chunk in chunks), self.embedder, ignore=self.glossary.terms,
            cache=self.word_vectors, dictionary=model_words())
        retriever = HybridRetriever(store, lexical, self.embedder, self.glossary, self.ranker,
                                    vectors, neighbours=neighbours)
        lists = _list_answerer(self.index.document_rows(version), chunks,
                               frozenset(self.glossary.terms), self.places)
        return LoadedIndex(version, retriever, lexical, documents,
                           self.refusal(list(documents.values())), lists, lists.directory,
                           DocumentNames(chunks),
                           DefinedTerms.from_texts(chunk.text for chunk in chunks))

    @property
    def directory(self) -> CompactDirectory:
        """The directory of local Compacts in the index version in use."""
        return self.loaded.directory

    def _analyse(self, question: str) -> Query:
        loaded = self.loaded
        return Query.analyse(loaded.retriever.expand(question), loaded.lexical.idf,
                             asked=question)

    def retrieve(self, query: str, top_k: int | None = None) -> RetrievalResult:
        """The passages the answer would be written from."""
        return self.loaded.retriever.retrieve(query, top_k or self.top_k)

    def ask(
        self, question: str, top_k: int | None = None, query: str | None = None,
        history: list[str] | None = None, on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        """Answer `question`, searching `query` or the question rewritten from `history`.

        With `on_token`, an answerer that streams (the LLM one) hands it each token as it is
        written; the returned answer is the checked one, which may differ from the tokens.
        """
        clock = StageClock()
        question = validate_question(question)
        history = history or []
        loaded = self.loaded
        # places are names however typed: the list and the follow-ups read them by their capitals
        def places_named(text: str) -> str:
            return capitalise_places(plain_question(text), loaded.directory, self.places)

        asked_before = [places_named(earlier) for earlier in history]
        # once it stands alone, a thing it calls by its kind ("this agreement") is searched by
        # the documents' name for it
        query = query or loaded.defined_terms.in_corpus_words(
            self.rewriter.rewrite(places_named(without_instructions(question)), asked_before))
        top_k = top_k or self.top_k
        outcome = self._respond(loaded, query, top_k, history, on_token, clock)
        if outcome.status is Status.out_of_scope and history and EARLIER_QUESTION not in query:
            # off the subject alone, it may be on the conversation's ("why did the count fall
            # from 2011 to 2012?" after "How many local Compacts are there?"): asked again with
            # the earlier question, it is kept unless still off the subject
            in_context = with_earlier(query, self._earlier(asked_before))
            retried = self._respond(loaded, in_context, top_k, history, on_token, clock)
            if retried.status is not Status.out_of_scope:
                query, outcome = in_context, retried
        citations = []
        if outcome.draft is not None:
            catalogue = self.sources.current() if self.sources else None
            citations = build_citations(outcome.draft, catalogue, self.stale_after_years)
            verify(outcome.draft.text, citations, loaded.documents)
            clock.mark("citation check")
        answer = Answer(
            answer_id=uuid.uuid4().hex,
            question=question,
            query=query,
            status=outcome.status,
            answer=outcome.draft.text if outcome.draft else outcome.message,
            citations=citations,
            answerer=outcome.draft.answerer if outcome.draft else "none",
            answerer_note=outcome.draft.answerer_note if outcome.draft else None,
            timings_ms=clock.timings(),
        )
        log.info("question answered", extra={
            "question": scrub(question), "query": scrub(query), "status": answer.status.value,
            "answerer": answer.answerer, "answer_id": answer.answer_id,
            "citations": len(citations), "total_ms": answer.timings_ms.total,
        })
        return answer

    def _earlier(self, asked_before: list[str]) -> str:
        """The conversation's last question (as searched), completed from those before it."""
        return self.rewriter.rewrite(asked_before[-1], asked_before[:-1]).strip().rstrip("?.! ")

    def _respond(
        self, loaded: LoadedIndex, query: str, top_k: int, history: list[str],
        on_token: Callable[[str], None] | None, clock: StageClock,
    ) -> Outcome:
        """Decide how to answer: decline, look up the list, or retrieve and answer."""
        screened = loaded.refusal.screen(query)
        if screened is not None:
            return Outcome(screened, message=loaded.refusal.message(screened))
        listed = loaded.lists.lookup(query)
        clock.mark("list lookup")
        rows = listed.draft if listed is not None else None
        if listed is not None and rows is None:
            return listed  # the honest "not in the list" message
        unheld = unheld_by_rows(query, rows) if rows else frozenset()
        if rows and not unheld:
            return _reviewed(loaded, query, rows)  # a list answer is reviewed like any other
        named = loaded.sources.named_in(query)
        query = loaded.sources.without_reference(query)
        found = loaded.retriever.retrieve(query, top_k)
        clock.add(found.timings_ms, into="retrieve")
        if rows:  # they do not hold all that was asked: prose naming their area may
            prose = prose_naming_rows(rows, unheld, found.passages)
            if not prose:
                return _reviewed(loaded, query, rows)
            found.passages = prose + [p for p in found.passages if p not in prose]
        if named:  # "according to X": what X says comes first
            found.passages = named_first(found.passages, named)
        status = loaded.refusal.decide(query, found.passages)
        clock.mark("refusal")
        if status is not Status.answered:
            return Outcome(status, message=loaded.refusal.message(status))
        draft = self._write(query, found.passages, history, on_token)
        clock.mark("answer")
        return _reviewed(loaded, query, draft)

    def _write(
        self, query: str, passages: list[Passage], history: list[str],
        on_token: Callable[[str], None] | None,
    ) -> Draft:
        """The answerer's draft; a streaming answerer's tokens go to `on_token` on the way."""
        if on_token is None or not isinstance(self.answerer, StreamingAnswerer):
            return self.answerer.answer(query, passages, history)
        reply = self.answerer.stream(query, passages, history)
        for token in reply:
            on_token(token)
        return reply.draft


def _reviewed(loaded: LoadedIndex, query: str, draft: Draft) -> Outcome:
    """The draft, answered; or declined when the review finds it misses what was asked (a year,
    a sum of money, a count, a signing)."""
    status = loaded.refusal.review(query, draft)
    if status is not Status.answered:
        return Outcome(status, message=loaded.refusal.message(status))
    return Outcome(status, draft=draft)


def _list_answerer(rows: dict[str, list[dict[str, str]]], chunks: list[Chunk],
                   known: frozenset[str] = frozenset(),
                   places: Gazetteer | None = None) -> ListAnswerer:
    """The directory of every list in the index, citing each row's passage; `known` names are
    never taken for places missing from the list; `places` finds a town's area."""
    records = [
        CompactRecord(row=n, values=values)
        for doc_rows in rows.values() for n, values in enumerate(doc_rows, start=2)
    ]
    row_chunks = {c.section: c for c in chunks if c.kind == "compacts" and c.section}

    def row_passage(entry: Entry) -> Passage | None:
        chunk = row_chunks.get(entry.record.name)
        return Passage(chunk, score=1.0, dense=1.0) if chunk else None

    if places is not None:
        places = places.without_places_in(c.text for c in chunks if c.kind != "compacts")
    return ListAnswerer(CompactDirectory(records), row_passage, known, places)


def validate_question(question: str) -> str:
    """The question trimmed; InvalidQuestionError when empty or too long."""
    question = question.strip() if isinstance(question, str) else ""
    if not question:
        raise InvalidQuestionError("the question is empty")
    if "\x00" in question:
        raise InvalidQuestionError("the question contains a null character")
    if len(question) > MAX_QUESTION_CHARS:
        raise InvalidQuestionError(f"the question is over {MAX_QUESTION_CHARS} characters")
    return question


def build_index(settings: Settings, client: Any | None = None) -> ChromaIndex:
    """The versioned Chroma index the settings point at."""
    return ChromaIndex(client or make_client(settings), settings.collection_prefix)


def embedding_model_id(settings: Settings) -> str:
    """The model and the runtime that embeds with it, as the index records them: an index
    embedded by another runtime is embedded again rather than mixed (PyTorch keeps the plain
    model name, which indexes built before the ONNX runtime carry)."""
    runtime = settings.embedding_runtime
    if runtime is EmbeddingRuntime.torch:
        return MODEL_NAME
    if runtime is EmbeddingRuntime.onnx_int8:  # named by its recipe: a new one embeds anew
        return f"{MODEL_NAME} (onnx-{OnnxVariant.int8.value})"
    return f"{MODEL_NAME} ({runtime.value})"


def word_vectors_path(settings: Settings) -> Path:
    """Where the corpus's word vectors are kept between runs, one file per model and runtime."""
    slug = re.sub(r"[^a-z0-9]+", "-", embedding_model_id(settings).lower()).strip("-")
    return settings.model_cache_dir / f"word-vectors-{slug}.npz"


def build_embedder(settings: Settings) -> Embedder:
    """The embedding model in the configured runtime (loaded once per process by the caller),
    with questions micro-batched unless switched off."""
    embedder: MiniLMEmbedder | OnnxMiniLMEmbedder
    if settings.embedding_runtime is EmbeddingRuntime.torch:
        embedder = MiniLMEmbedder(batch_size=settings.embedding_batch_size)
    else:
        variant = (OnnxVariant.int8 if settings.embedding_runtime is EmbeddingRuntime.onnx_int8
                   else OnnxVariant.fp32)
        embedder = OnnxMiniLMEmbedder(
            ensure_model(settings.model_cache_dir, variant), embedding_model_id(settings),
            batch_size=settings.embedding_batch_size, threads=settings.embedding_threads,
            spin=settings.embedding_spin,
        )
    if settings.micro_batching:
        embedder.encode_queries_with(MicroBatcher(
            embedder.embed_documents, window_s=settings.batch_window_ms / 1000))
    return embedder


def build_indexer(
    settings: Settings,
    index: ChromaIndex | None = None,
    embedder_factory: Callable[[], Embedder] | None = None,
    progress: ProgressFactory | None = None,
) -> Indexer:
    """An indexer over the settings' corpus; the model is loaded only if something changed."""
    return Indexer(
        index or build_index(settings),
        embedder_factory or (lambda: build_embedder(settings)),
        settings.corpus_dir,
        embedding_model_id(settings),
        max_bytes=int(settings.max_file_mb * 1_000_000),
        progress=progress,
    )


def build_assistant(
    settings: Settings, index: ChromaIndex | None = None, embedder: Embedder | None = None,
    ranker: LinearRanker | None = None,
) -> Assistant:
    """The assistant, wired from settings (with the LLM answerer when COMPACT_LLM is set)."""
    assistant = Assistant(
        index=index or build_index(settings),
        embedder=embedder or build_embedder(settings),
        glossary=Glossary.load(settings.glossary_path),
        thresholds=Thresholds(settings.not_found_threshold, settings.out_of_scope_threshold),
        top_k=settings.top_k,
        ranker=ranker,
        max_answer_sentences=settings.max_answer_sentences,
        sources=SourcesFile(settings.sources_path),
        stale_after_years=settings.stale_after_years,
        word_vectors=WordVectorCache(word_vectors_path(settings)),
        places=Gazetteer.load(settings.places_file),
    )
    if settings.llm:  # the extractive answerer stays on as the LLM's fallback
        from assistant.answer.llm import build_llm_answerer  # imports langchain: only when used

        assistant.answerer = build_llm_answerer(settings, fallback=assistant.answerer)
    return assistant
