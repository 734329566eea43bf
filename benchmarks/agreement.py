"""Do the runtimes agree? The cosine between each runtime's vectors and PyTorch's over every
passage of the corpus, the share of evaluation questions whose top five passages are the same,
and the evaluation's hit@1 for each runtime and for the LangChain recipe."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import EmbeddingRuntime
from assistant.ingest.chunking import chunk_document
from assistant.pipeline import Assistant, build_assistant
from assistant.search.embedders import Embedder
from evals.cases import load_cases
from evals.corpus import document_texts, load_documents
from evals.runner import run_system
from evals.systems import AssistantSystem, Memoryless

from .build_speed import full_build
from .fixtures import CASES_FILE, CORPUS_DIR, FreshEmbedder, settings_for
from .inprocess import STOCK

TOP = 5  # the passages an answer is written from (Settings.top_k's default)


@dataclass
class RuntimeAgreement:
    """Each runtime against PyTorch (the reference), and the evaluation's hit@1 per system."""

    passages: int  # chunk texts and sentence units of the shipped corpus
    questions: int
    cosine: dict[str, tuple[float, float]] = field(default_factory=dict)  # runtime: min, mean
    same_top: dict[str, int] = field(default_factory=dict)  # runtime: questions, same top 5
    hit_at_1: dict[str, float] = field(default_factory=dict)  # system: evaluation hit@1
    recipe_runtime: str = ""


def corpus_passages(corpus_dir: Path = CORPUS_DIR) -> list[str]:
    """Every chunk's text and every sentence unit the indexer embeds, by the real chunker."""
    chunks = [c for d in load_documents(corpus_dir) for c in chunk_document(d)]
    return [c.text for c in chunks] + [text for c in chunks for _, text in c.embedded_units()]


def cosines(reference: Embedder, other: Embedder, texts: list[str]) -> tuple[float, float]:
    """Min and mean cosine between two embedders' (normalised) vectors of the same texts."""
    a = np.asarray(reference.embed_documents(texts))
    b = np.asarray(other.embed_documents(texts))
    similarity = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return float(similarity.min()), float(similarity.mean())


def top_ids(assistant: Assistant, question: str) -> list[str]:
    """Ids of the passages retrieved for a question, best first."""
    return [p.chunk.chunk_id for p in assistant.retrieve(question, TOP).passages]


def measure_agreement(
    embedders: dict[str, Embedder], recipe: Any, recipe_runtime: str, questions: list[str],
    folder: Path,
) -> RuntimeAgreement:
    """Build the shipped corpus with each runtime, then compare vectors, rankings and hit@1."""
    texts = corpus_passages()
    result = RuntimeAgreement(len(texts), len(questions), recipe_runtime=recipe_runtime)
    cases = load_cases(CASES_FILE)
    documents = document_texts(load_documents(CORPUS_DIR))
    assistants = {}
    for runtime, embedder in embedders.items():
        index_dir = folder / runtime
        full_build(index_dir, embedder, runtime=EmbeddingRuntime(runtime))
        assistants[runtime] = build_assistant(
            settings_for(index_dir, runtime=EmbeddingRuntime(runtime)),
            embedder=FreshEmbedder(embedder))
        result.hit_at_1[runtime] = run_system(
            AssistantSystem(assistants[runtime]), cases, documents).summary["hit@1"]
    reference = [top_ids(assistants[STOCK], q) for q in questions]
    for runtime, assistant in assistants.items():
        if runtime == STOCK:
            continue
        result.cosine[runtime] = cosines(embedders[STOCK], embedders[runtime], texts)
        result.same_top[runtime] = sum(
            top_ids(assistant, q) == ids for q, ids in zip(questions, reference, strict=True))
    result.hit_at_1["recipe"] = run_system(Memoryless(recipe), cases, documents).summary["hit@1"]
    return result
