"""Build a large index by embedding each distinct sentence unit once.

A synthetic corpus repeats its pool's sentences, so most of its sentence units (a sentence with
its section heading) occur many times. This builds the same collections as the indexer: the
real loader and chunker make the chunks and their units, each distinct unit text is embedded
once by the real model, and every chunk goes in through `ChromaIndex.add_documents` with the
vectors of its units, then the build is committed with the indexer's metadata (so a later
`compact-assistant index` finds it up to date).
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.ingest.chunking import chunk_document
from assistant.ingest.indexing import corpus_files, file_hash
from assistant.pipeline import build_index
from assistant.search.embedders import Embedder
from evals.corpus import load_documents

from .fixtures import settings_for

PAGE = 64  # chunks per add_documents call, as the indexer adds them


@dataclass
class SharedBuild:
    """How long each part of the build took, and how much was shared."""

    chunks: int
    units: int
    distinct_units: int
    embed_s: float
    store_s: float


def build_sharing_vectors(corpus_dir: Path, index_dir: Path, embedder: Embedder) -> SharedBuild:
    """Index `corpus_dir` into a fresh `index_dir`, embedding each distinct unit text once."""
    shutil.rmtree(index_dir, ignore_errors=True)
    documents = load_documents(corpus_dir)
    chunks = [chunk for document in documents for chunk in chunk_document(document)]
    units = [[text for _, text in chunk.embedded_units()] for chunk in chunks]
    distinct = list(dict.fromkeys(text for chunk_units in units for text in chunk_units))
    clock = time.perf_counter()
    vectors = dict(zip(distinct, embedder.embed_documents(distinct), strict=True))
    embed_s = time.perf_counter() - clock
    index = build_index(settings_for(index_dir, corpus_dir))
    index.begin_build()
    for start in range(0, len(chunks), PAGE):
        page = units[start : start + PAGE]
        index.add_documents(chunks[start : start + PAGE], [[vectors[t] for t in u] for u in page])
    index.add_document_texts(
        {d.doc_id: d.text for d in documents},
        {d.doc_id: [dict(row) for row in d.rows] for d in documents if d.rows},
    )
    hashes = {p.relative_to(corpus_dir).as_posix(): file_hash(p) for p in corpus_files(corpus_dir)}
    index.commit_build({
        "embedding_model": embedder.model_name, "built_at": time.time(),
        "doc_hashes": json.dumps(hashes, sort_keys=True), "errors": "[]",
        "chunk_count": len(chunks), "doc_count": len(documents),
    })
    store_s = time.perf_counter() - clock - embed_s
    return SharedBuild(len(chunks), sum(map(len, units)), len(distinct), embed_s, store_s)


@dataclass
class SharedCheck:
    """A shared-vector build, and a second full build, compared with a full build."""

    chunks: int
    questions: int
    same_as_shared: int  # questions answered alike (text and citations) by the shared build
    same_as_rebuild: int  # ... by a second full build of the same corpus
    max_vector_difference: float  # largest difference of any vector component, full vs shared
    up_to_date: bool  # `compact-assistant index` finds the shared build up to date


def check_sharing(
    corpus_dir: Path, full_index: Path, scratch: Path, embedder: Embedder, questions: list[str]
) -> SharedCheck:
    """Build `corpus_dir` again sharing vectors, and once more in full; compare every answer
    and vector with the first full build's."""
    from assistant.pipeline import build_assistant, build_indexer

    from .build_speed import full_build
    from .fixtures import FreshEmbedder

    shared = build_sharing_vectors(corpus_dir, scratch / "shared", embedder)
    up_to_date = build_indexer(settings_for(scratch / "shared", corpus_dir)).build().up_to_date
    full_build(scratch / "rebuild", embedder, corpus_dir)
    fresh = FreshEmbedder(embedder)
    first, other, again = (
        build_assistant(settings_for(folder, corpus_dir), embedder=fresh)
        for folder in (full_index, scratch / "shared", scratch / "rebuild")
    )
    answers = [_cited(first.ask(q)) for q in questions]
    return SharedCheck(
        shared.chunks, len(questions),
        sum(a == _cited(other.ask(q)) for a, q in zip(answers, questions, strict=True)),
        sum(a == _cited(again.ask(q)) for a, q in zip(answers, questions, strict=True)),
        _max_difference(full_index, scratch / "shared", corpus_dir), up_to_date,
    )


def _cited(answer: Any) -> tuple[str, list[tuple[str, int, int]]]:
    return answer.answer, [(c.doc_id, c.start, c.end) for c in answer.citations]


def _max_difference(one: Path, other: Path, corpus_dir: Path) -> float:
    """The largest difference between the two indexes' vectors of the same sentence units."""
    import numpy as np

    def vectors(folder: Path) -> dict[str, Any]:
        index = build_index(settings_for(folder, corpus_dir))
        version = index.active_version()
        assert version is not None
        chunk_ids = [chunk.chunk_id for chunk in index.iter_chunks(version)]
        pairs = index.iter_vectors(version, {cid.rsplit("#", 1)[0] for cid in chunk_ids})
        return {chunk.chunk_id: np.asarray(units) for chunk, units in pairs}

    first, second = vectors(one), vectors(other)
    return max(float(np.abs(first[key] - second[key]).max()) for key in first)
