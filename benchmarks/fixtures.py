"""What the benchmarks share: questions, folders, settings, the runtimes' embedders, and an
embedder without a question cache."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.config import PROJECT_ROOT, EmbeddingRuntime, Settings  # noqa: E402
from assistant.search.embedders import (  # noqa: E402
    QUERY_CACHE_SIZE,
    Embedder,
    MiniLMEmbedder,
    OnnxMiniLMEmbedder,
    Vectors,
)
from evals.cases import load_cases  # noqa: E402

CORPUS_DIR = PROJECT_ROOT / "corpus"
CASES_FILE = PROJECT_ROOT / "evals" / "cases.jsonl"
OUTPUT_DIR = PROJECT_ROOT / "benchmarks" / "output"
RESULTS_FILE = PROJECT_ROOT / "benchmarks" / "RESULTS.md"
DEFAULT_RUNTIME = Settings.model_fields["embedding_runtime"].default


def evaluation_questions(path: Path = CASES_FILE) -> list[str]:
    """The distinct questions of the evaluation cases, in file order."""
    return list(dict.fromkeys(case.question for case in load_cases(path)))


# Questions the question-embedding cache holds at once: each is embedded as up to three texts,
# and any word of it the corpus never uses is embedded once more. A repeated pass over more
# would evict each question's vectors before it came round again (over 2514 questions,
# "repeated" took as long as new).
CACHED_QUESTIONS = QUERY_CACHE_SIZE // 4


def cache_sized(questions: list[str]) -> list[str]:
    """The first questions, as many as the question-embedding cache holds at once."""
    return questions[:CACHED_QUESTIONS]


def settings_for(
    index_dir: Path, corpus_dir: Path = CORPUS_DIR,
    runtime: EmbeddingRuntime = DEFAULT_RUNTIME,
) -> Settings:
    """Settings of an index folder built from a corpus folder with a runtime."""
    return Settings(corpus_dir=corpus_dir, index_dir=index_dir,  # type: ignore[call-arg]
                    embedding_runtime=runtime)


def runtime_embedder(runtime: EmbeddingRuntime) -> MiniLMEmbedder | OnnxMiniLMEmbedder:
    """The runtime's embedder as production builds it, without the micro-batcher (exporting
    the ONNX file first if it is not cached yet)."""
    from assistant.pipeline import build_embedder

    settings = Settings(embedding_runtime=runtime, micro_batching=False)  # type: ignore[call-arg]
    embedder = build_embedder(settings)
    assert isinstance(embedder, MiniLMEmbedder | OnnxMiniLMEmbedder)
    return embedder


class FreshEmbedder:
    """The real model with no question cache, so every question pays for its embedding.
    Questions go to `encode` (a `MicroBatcher`, say), passages straight to the model."""

    def __init__(self, inner: Embedder, encode: Callable[[list[str]], Vectors] | None = None
                 ) -> None:
        self.inner = inner
        self.model_name = inner.model_name
        self._encode = encode or inner.embed_documents

    def embed_documents(self, texts: list[str]) -> Vectors:
        """Vectors for passages, from the real model."""
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question, embedded every time."""
        return self._encode([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors for one question's texts, embedded every time, in one call."""
        return self._encode(list(texts))
