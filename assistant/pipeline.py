"""The `Assistant`: wires retrieval, refusal, answering and citation checks together."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.answer.citations import build_citations, verify
from assistant.answer.extractive import RELATIVE_CUTOFF, Answerer, ExtractiveAnswerer
from assistant.answer.refusal import (
    NOT_FOUND_MESSAGE,
    OUT_OF_SCOPE_MESSAGE,
    Thresholds,
    Vocabulary,
    decide,
    is_task_request,
)
from assistant.chat.followups import rewrite
from assistant.config import Settings
from assistant.directory.list_questions import ListAnswerer
from assistant.directory.lookup import CompactDirectory, Entry
from assistant.errors import IndexNotBuiltError, InvalidQuestionError
from assistant.ingest.compacts import CompactRecord
from assistant.ingest.indexing import Indexer, ProgressFactory
from assistant.logs import scrub
from assistant.schemas import Answer, Chunk, Draft, Passage, Status, Timings
from assistant.search.embedders import Embedder, MiniLMEmbedder
from assistant.search.glossary import Glossary
from assistant.search.ranking import LinearRanker, Query
from assistant.search.retrieval import (
    HybridRetriever,
    LexicalIndex,
    RetrievalResult,
    SentenceVectors,
)
from assistant.search.stores import ChromaIndex, make_client

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
REFRESH_SECONDS = 2.0


@dataclass(frozen=True)
class LoadedIndex:
    """One index version, ready to serve: its retriever and its documents' text."""

    version: str
    retriever: HybridRetriever
    lexical: LexicalIndex
    documents: dict[str, str]
    vocabulary: Vocabulary
    list_answerer: ListAnswerer


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
        max_answer_sentences: int = 4,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.glossary = glossary
        self.thresholds = thresholds
        self.top_k = top_k
        self.ranker = ranker or LinearRanker.load()
        self.answerer = answerer or ExtractiveAnswerer(
            self._analyse, self.ranker.sentences, max_sentences=max_answer_sentences,
            relative_cutoff=self.ranker.relative_cutoff or RELATIVE_CUTOFF)
        self._loaded: LoadedIndex | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """True once an index version is loaded."""
        return self._loaded is not None

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
        chunks = list(self.index.iter_chunks(version))
        store = self.index.reader(version, chunks)
        lexical = LexicalIndex(chunks)
        documents = self.index.documents(version)
        vectors = SentenceVectors.from_pairs(self.index.iter_vectors(version, set(documents)))
        retriever = HybridRetriever(store, lexical, self.embedder, self.glossary, self.ranker,
                                    vectors)
        vocabulary = Vocabulary(documents.values(), known=self.glossary.terms)
        list_answerer = _list_answerer(self.index.document_rows(version), chunks)
        return LoadedIndex(version, retriever, lexical, documents, vocabulary, list_answerer)

    @property
    def directory(self) -> CompactDirectory:
        """The directory of local Compacts in the index version in use."""
        return self.loaded.list_answerer.directory

    def _analyse(self, question: str) -> Query:
        return Query.analyse(self.glossary.expand(question), self.loaded.lexical.idf)

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
        started = time.perf_counter()
        question = validate_question(question)
        query = query or rewrite(question, history or [])
        loaded = self.loaded
        outcome = self._respond(loaded, query, top_k or self.top_k, history or [], on_token)
        citations = []
        if outcome.draft is not None:
            citations = build_citations(outcome.draft)
            verify(outcome.draft.text, citations, loaded.documents)
        total = time.perf_counter() - started
        answer = Answer(
            answer_id=uuid.uuid4().hex,
            question=question,
            query=query,
            status=outcome.status,
            answer=outcome.draft.text if outcome.draft else outcome.message,
            citations=citations,
            answerer=outcome.draft.answerer if outcome.draft else "none",
            answerer_note=outcome.draft.answerer_note if outcome.draft else None,
            timings_ms=Timings(
                retrieve=_ms(outcome.retrieve_seconds),
                answer=_ms(total - outcome.retrieve_seconds),
                total=_ms(total),
            ),
        )
        log.info("question answered", extra={
            "question": scrub(question), "query": scrub(query), "status": answer.status.value,
            "answerer": answer.answerer, "answer_id": answer.answer_id,
            "citations": len(citations), "total_ms": answer.timings_ms.total,
        })
        return answer

    def _respond(
        self, loaded: LoadedIndex, query: str, top_k: int, history: list[str],
        on_token: Callable[[str], None] | None,
    ) -> Outcome:
        """Decide how to answer: decline, look up the list, or retrieve and answer."""
        if is_task_request(query):
            return Outcome(Status.out_of_scope, message=OUT_OF_SCOPE_MESSAGE)
        listed = loaded.list_answerer.answer(query)
        if isinstance(listed, str):
            return Outcome(Status.not_found, message=listed)
        if listed is not None:
            return Outcome(Status.answered, draft=listed)
        clock = time.perf_counter()
        found = loaded.retriever.retrieve(query, top_k)
        retrieve_seconds = time.perf_counter() - clock
        status = decide(query, found.passages, self.thresholds, loaded.vocabulary)
        if status is not Status.answered:
            message = OUT_OF_SCOPE_MESSAGE if status is Status.out_of_scope else NOT_FOUND_MESSAGE
            return Outcome(status, message=message, retrieve_seconds=retrieve_seconds)
        draft = self._write(query, found.passages, history, on_token)
        return Outcome(status, draft=draft, retrieve_seconds=retrieve_seconds)

    def _write(
        self, query: str, passages: list[Passage], history: list[str],
        on_token: Callable[[str], None] | None,
    ) -> Draft:
        """The answerer's draft; a streaming answerer's tokens go to `on_token` on the way."""
        stream = getattr(self.answerer, "stream", None)  # only the LLM answerer streams
        if on_token is None or stream is None:
            return self.answerer.answer(query, passages, history)
        reply = stream(query, passages, history)
        for token in reply:
            on_token(token)
        draft: Draft = reply.draft
        return draft


@dataclass(frozen=True)
class Outcome:
    """How a question was handled: a status, and a draft answer or a message."""

    status: Status
    draft: Draft | None = None
    message: str = ""
    retrieve_seconds: float = 0.0


def _list_answerer(rows: dict[str, list[dict[str, str]]], chunks: list[Chunk]) -> ListAnswerer:
    """The directory of every list in the index, citing each row's passage."""
    records = [
        CompactRecord(row=n, values=values)
        for doc_rows in rows.values() for n, values in enumerate(doc_rows, start=2)
    ]
    row_chunks = {c.section: c for c in chunks if c.kind == "compacts" and c.section}

    def row_passage(entry: Entry) -> Passage | None:
        chunk = row_chunks.get(entry.record.name)
        return Passage(chunk, score=1.0, dense=1.0) if chunk else None

    return ListAnswerer(CompactDirectory(records), row_passage)


def validate_question(question: str) -> str:
    """The question trimmed; InvalidQuestionError when empty or too long."""
    question = question.strip() if isinstance(question, str) else ""
    if not question:
        raise InvalidQuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise InvalidQuestionError(f"the question is over {MAX_QUESTION_CHARS} characters")
    return question


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 2)


def build_index(settings: Settings, client: Any | None = None) -> ChromaIndex:
    """The versioned Chroma index the settings point at."""
    return ChromaIndex(client or make_client(settings), settings.collection_prefix)


def build_embedder(settings: Settings) -> Embedder:
    """The embedding model (loaded once per process by the caller)."""
    return MiniLMEmbedder(batch_size=settings.embedding_batch_size)


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
        MiniLMEmbedder.model_name,
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
    )
    if settings.llm:  # the extractive answerer stays on as the LLM's fallback
        from assistant.answer.llm import build_llm_answerer  # imports langchain: only when used

        assistant.answerer = build_llm_answerer(settings, fallback=assistant.answerer)
    return assistant
