"""Micro-batching: questions that arrive together share one model call; one alone does not wait."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant.search.batching import MicroBatcher
from assistant.search.embedders import Embedder

QUESTIONS = [
    "What is the Compact?", "Is there a local Compact in Shropshire?",
    "Why should a PCC use the Compact?", "Who is Compact Voice?",
    "How long should a consultation last?", "What are the Compact Awards?",
    "When was the Compact refreshed?", "What does a local code of practice cover?",
]


class SlowModel:
    """The real model, made slower per call so that requests pile up behind a running batch,
    and recording the size of every call."""

    def __init__(self, embedder: Embedder, seconds: float = 0.05) -> None:
        self.embedder = embedder
        self.seconds = seconds
        self.calls: list[int] = []

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(len(texts))
        time.sleep(self.seconds)
        return self.embedder.embed_documents(texts)


def test_questions_asked_together_share_calls_and_get_their_own_vectors(
    embedder: Embedder,
) -> None:
    model = SlowModel(embedder)
    batcher = MicroBatcher(model, window_s=0.002)
    texts = [[question, question.upper()] for question in QUESTIONS]
    with ThreadPoolExecutor(len(texts)) as pool:
        results = list(pool.map(batcher, texts))
    assert sum(model.calls) == 2 * len(QUESTIONS) and len(model.calls) < len(QUESTIONS)
    assert batcher.stats.largest > 2 and batcher.stats.batches == len(model.calls)
    for asked, vectors in zip(texts, results, strict=True):
        alone = np.asarray(embedder.embed_documents(asked))
        assert np.allclose(np.asarray(vectors), alone, atol=1e-5)


def test_a_question_alone_is_embedded_at_once() -> None:
    calls: list[float] = []

    def model(texts: list[str]) -> list[list[float]]:
        calls.append(time.perf_counter())
        return [[float(len(text))] for text in texts]

    batcher = MicroBatcher(model, window_s=1.0)  # a wait, if there were one, would show
    for question in QUESTIONS:
        asked = time.perf_counter()
        assert batcher([question]) == [[float(len(question))]]
        assert calls[-1] - asked < 0.5
    assert batcher.stats.batches == len(QUESTIONS) and batcher.stats.waits == 0


def test_a_batch_with_company_waits_no_longer_than_the_window() -> None:
    release = threading.Event()
    sizes: list[int] = []

    def model(texts: list[str]) -> list[list[float]]:
        release.wait(5)  # the first call holds the worker while two more requests queue
        sizes.append(len(texts))
        return [[0.0] for _ in texts]

    batcher = MicroBatcher(model, window_s=0.2)
    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(batcher, ["first"])
        time.sleep(0.05)
        queued = [pool.submit(batcher, [f"q{n}"]) for n in range(2)]
        time.sleep(0.05)
        started = time.perf_counter()
        release.set()
        for future in [first, *queued]:
            future.result(5)
        took = time.perf_counter() - started
    assert sizes == [1, 2] and batcher.stats.waits == 1
    assert took < 0.2 + 0.5  # the window, plus slack for a busy machine


def test_the_models_error_reaches_every_caller_and_the_worker_goes_on() -> None:
    failing = True

    def model(texts: list[str]) -> list[list[float]]:
        if failing:
            raise RuntimeError("model failed")
        return [[1.0] for _ in texts]

    batcher = MicroBatcher(model)
    with pytest.raises(RuntimeError, match="model failed"):
        batcher(["a question"])
    failing = False
    assert batcher(["a question"]) == [[1.0]]
