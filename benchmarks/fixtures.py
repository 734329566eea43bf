"""What the benchmarks share: questions, folders, settings and an embedder without a cache."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.config import PROJECT_ROOT, Settings  # noqa: E402
from assistant.search.embedders import Embedder  # noqa: E402
from evals.cases import load_cases

CORPUS_DIR = PROJECT_ROOT / "corpus"
CASES_FILE = PROJECT_ROOT / "evals" / "cases.jsonl"
OUTPUT_DIR = PROJECT_ROOT / "benchmarks" / "output"
RESULTS_FILE = PROJECT_ROOT / "benchmarks" / "RESULTS.md"


def evaluation_questions(path: Path = CASES_FILE) -> list[str]:
    """The distinct questions of the evaluation cases, in file order."""
    return list(dict.fromkeys(case.question for case in load_cases(path)))


def settings_for(index_dir: Path, corpus_dir: Path = CORPUS_DIR) -> Settings:
    """Settings of an index folder built from a corpus folder."""
    return Settings(corpus_dir=corpus_dir, index_dir=index_dir)  # type: ignore[call-arg]


class FreshEmbedder:
    """The real model with no question cache, so every question pays for its embedding."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_name = inner.model_name

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for passages, from the real model."""
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question, embedded every time."""
        return self.inner.embed_documents([text])[0]
