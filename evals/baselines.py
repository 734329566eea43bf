"""Two baselines a team would otherwise pick, answering in the API's JSON shape.

Both are cheap to construct: the search index is built on the first question. Neither refuses,
and neither has conversation memory. Each cites its top five passages and answers with the best.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.ingest.chunking import chunk_document
from assistant.schemas import Chunk, Document
from assistant.search.embedders import Embedder
from assistant.search.retrieval import import_bm25s

TOP_K = 5


class BM25Baseline:
    """BM25 alone (bm25s, English stop words) over the assistant's own chunks."""

    name = "bm25"
    label = "BM25 alone"

    def __init__(self, documents: Sequence[Document], k: int = TOP_K) -> None:
        self.documents = list(documents)
        self.k = k

    @classmethod
    def from_corpus(cls, corpus_dir: Path, k: int = TOP_K) -> BM25Baseline:
        """The baseline over a corpus folder, loaded through the assistant's loaders."""
        from .corpus import load_documents

        return cls(load_documents(corpus_dir), k)

    @cached_property
    def _index(self) -> tuple[list[Chunk], Any]:
        bm25s = import_bm25s()
        chunks = [chunk for document in self.documents for chunk in chunk_document(document)]
        retriever = bm25s.BM25()
        retriever.index(_tokens([chunk.search_text for chunk in chunks]), show_progress=False)
        return chunks, retriever

    def ask(self, question: str) -> dict[str, Any]:
        """The top chunks for the question as citations; the best one is the answer."""
        chunks, retriever = self._index
        query = _tokens([question])[0]
        scores = retriever.get_scores(query) if query else np.zeros(len(chunks))
        best = np.argsort(-scores, kind="stable")[: self.k]
        cited = [(chunks[i], float(scores[i])) for i in best]
        return _answer(question, self.name, [_chunk_citation(c, s) for c, s in cited])


class LangChainBaseline:
    """The textbook recipe: RecursiveCharacterTextSplitter 1000/200, langchain-chroma, top 5."""

    name = "langchain"
    label = "LangChain recipe"

    def __init__(
        self,
        documents: Sequence[Document],
        embedder: Embedder,
        k: int = TOP_K,
        chunk_size: int = 1000,
        chunk_overlap: int = 200,
    ) -> None:
        self.documents = list(documents)
        self.embedder = embedder
        self.k = k
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap

    @classmethod
    def from_corpus(cls, corpus_dir: Path, embedder: Embedder, k: int = TOP_K) -> LangChainBaseline:
        """The baseline over a corpus folder, loaded through the assistant's loaders."""
        from .corpus import load_documents

        return cls(load_documents(corpus_dir), embedder, k)

    @cached_property
    def _store(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_core.documents import Document as LangChainDocument
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=self.chunk_size, chunk_overlap=self.chunk_overlap, add_start_index=True
        )
        pieces = splitter.split_documents(
            [LangChainDocument(page_content=d.text, metadata=_metadata(d)) for d in self.documents]
        )
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        store = Chroma(
            collection_name=f"baseline-langchain-{uuid.uuid4().hex[:12]}",
            embedding_function=_Uncached(self.embedder),
            client=client,
        )
        store.add_documents(pieces)
        return store

    def ask(self, question: str) -> dict[str, Any]:
        """The top-k similar splits as citations; the best one is the answer."""
        found = self._store.similarity_search_with_score(question, k=self.k)
        citations = [
            {
                "doc_id": piece.metadata["doc_id"],
                "title": piece.metadata.get("title", ""),
                "section": None,
                "source": piece.metadata.get("source", ""),
                "quote": piece.page_content,
                "score": round(float(distance), 4),
                "start": int(piece.metadata.get("start_index", 0)),
                "end": int(piece.metadata.get("start_index", 0)) + len(piece.page_content),
            }
            for piece, distance in found
        ]
        return _answer(question, self.name, citations)


class _Uncached(Embeddings):
    """The embedder as a langchain `Embeddings`, every query embedded afresh (no shared cache)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for the splits."""
        return self.embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question, computed now."""
        return self.embedder.embed_documents([text])[0]


def _tokens(texts: list[str]) -> list[list[str]]:
    tokens = import_bm25s().tokenize(texts, stopwords="en", return_ids=False,
                                     show_progress=False)
    return [list(doc) for doc in tokens]


def _metadata(document: Document) -> dict[str, str]:
    return {"doc_id": document.doc_id, "title": document.title, "source": document.source}


def _chunk_citation(chunk: Chunk, score: float) -> dict[str, Any]:
    return {
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "section": chunk.section,
        "source": chunk.source,
        "quote": chunk.text,
        "score": round(score, 4),
        "start": chunk.start,
        "end": chunk.end,
    }


def _answer(question: str, answerer: str, citations: list[dict[str, Any]]) -> dict[str, Any]:
    numbered = [{"n": n, **citation} for n, citation in enumerate(citations, start=1)]
    text = f"{numbered[0]['quote']} [1]" if numbered else ""
    return {
        "question": question,
        "query": question,
        "status": "answered",
        "answer": text,
        "citations": numbered,
        "answerer": answerer,
    }
