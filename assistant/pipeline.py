"""The `Assistant`: wires retrieval, refusal, answering and citation checks together."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .answering import Answerer, ExtractiveAnswerer
from .citations import build_citations, verify
from .config import Settings
from .embedders import Embedder, MiniLMEmbedder
from .errors import IndexNotBuiltError, InvalidQuestionError
from .glossary import Glossary
from .indexing import Indexer, ProgressFactory
from .refusal import NOT_FOUND_MESSAGE, OUT_OF_SCOPE_MESSAGE, Thresholds, Vocabulary, decide
from .retrieval import HybridRetriever, LexicalIndex, RetrievalResult
from .schemas import Answer, Status, Timings
from .stores import ChromaIndex, make_client

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
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.glossary = glossary
        self.thresholds = thresholds
        self.top_k = top_k
        self.answerer = answerer or ExtractiveAnswerer(idf=self._idf)
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
        store = ChromaIndex(self.index._client, self.index._prefix)
        store.open(version)
        lexical = LexicalIndex(chunks)
        retriever = HybridRetriever(store, lexical, self.embedder, self.glossary)
        documents = self.index.documents(version)
        vocabulary = Vocabulary(documents.values(), known=self.glossary.terms)
        return LoadedIndex(version, retriever, lexical, documents, vocabulary)

    def _idf(self, term: str) -> float:
        return self.loaded.lexical.idf(term)

    def retrieve(self, query: str, top_k: int | None = None) -> RetrievalResult:
        """The passages the answer would be written from."""
        return self.loaded.retriever.retrieve(query, top_k or self.top_k)

    def ask(self, question: str, top_k: int | None = None, query: str | None = None) -> Answer:
        """Answer `question` (searching `query` when a follow-up was rewritten)."""
        started = time.perf_counter()
        question = validate_question(question)
        query = query or question
        found = self.retrieve(query, top_k)
        retrieved = time.perf_counter()
        status = decide(query, found.passages, self.thresholds, self.loaded.vocabulary)
        if status is Status.answered:
            draft = self.answerer.answer(query, found.passages)
            citations = build_citations(draft)
            verify(draft.text, citations, self.loaded.documents)
            text, answerer = draft.text, draft.answerer
        else:
            citations, answerer = [], "none"
            text = OUT_OF_SCOPE_MESSAGE if status is Status.out_of_scope else NOT_FOUND_MESSAGE
        done = time.perf_counter()
        return Answer(
            answer_id=uuid.uuid4().hex,
            question=question,
            query=query,
            status=status,
            answer=text,
            citations=citations,
            answerer=answerer,
            timings_ms=Timings(
                retrieve=_ms(retrieved - started), answer=_ms(done - retrieved),
                total=_ms(done - started),
            ),
        )


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
    settings: Settings, index: ChromaIndex | None = None, embedder: Embedder | None = None
) -> Assistant:
    """The assistant, wired from settings."""
    return Assistant(
        index=index or build_index(settings),
        embedder=embedder or build_embedder(settings),
        glossary=Glossary.load(settings.glossary_path),
        thresholds=Thresholds(settings.not_found_threshold, settings.out_of_scope_threshold),
        top_k=settings.top_k,
    )
