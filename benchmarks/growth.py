"""How cost grows with the corpus: build time, disk, memory and latency at several sizes."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.indexing import corpus_files
from assistant.search.embedders import Embedder

from .build_speed import embed_seconds, full_build, unit_texts
from .fixtures import CORPUS_DIR
from .machine import folder_mb
from .shared_vectors import SharedCheck, build_sharing_vectors, check_sharing
from .synthetic import write_corpus
from .worker import WorkerResult, spawn

FULL_BUILD_LIMIT_S = 25 * 60  # beyond this estimate, share vectors of repeated sentence units
SAMPLE_UNITS = 2000  # embedded to estimate a build's time when no smaller build was measured
WRITE_OVERHEAD = 1.3  # a build is slower than the model alone: loading, chunking, Chroma writes


@dataclass
class GrowthRow:
    """One corpus size: how it was built and what answering from it costs."""

    target: int
    documents: int
    chunks: int
    units: int
    build_s: float
    how: str
    disk_mb: float
    worker: WorkerResult
    estimated_full_s: float = float("nan")
    estimated_from: str = ""

    @property
    def paired_ratio(self) -> float:
        """p50 here over the shipped index's p50, asked alternately in one process (or NaN)."""
        paired = self.worker.paired
        return paired["index"]["p50"] / paired["baseline"]["p50"] if paired else float("nan")

    @property
    def chunks_per_s(self) -> float:
        """Chunks indexed per second (NaN for a build that shared vectors)."""
        return self.chunks / self.build_s if self.how == "full" else float("nan")


def measure_growth(
    out_dir: Path, embedder: Embedder, sizes: list[int], runs: int, log: Path,
    force_full: bool = False, progress: Callable[[str], None] = print,
    watch: Callable[[str], AbstractContextManager[None]] = lambda _: nullcontext(),
    baseline: tuple[Path, Path] | None = None,
) -> list[GrowthRow]:
    """Build a synthetic corpus of each size and answer the questions from it in a new process
    (which also answers them from `baseline`, the shipped index, question by question)."""
    rows: list[GrowthRow] = []
    units_per_s = float("nan")
    for size in sizes:
        with watch(f"growth: {size:,} chunks"):
            row = _measure_size(out_dir, embedder, size, runs, log, force_full, progress,
                                units_per_s, baseline)
        rows.append(row)
        if row.how == "full":
            units_per_s = row.units / row.build_s
    return rows


def check_shared_builds(
    out_dir: Path, rows: list[GrowthRow], embedder: Embedder, questions: list[str]
) -> SharedCheck | None:
    """When a size shared vectors, rebuild the smallest fully built size that way and compare."""
    full = [row for row in rows if row.how == "full"]
    if not full or all(row.how == "full" for row in rows):
        return None
    size = min(full, key=lambda row: row.chunks).target
    return check_sharing(out_dir / f"corpus-{size}", out_dir / f"index-{size}",
                         out_dir / f"check-{size}", embedder, questions)


def _measure_size(
    out_dir: Path, embedder: Embedder, size: int, runs: int, log: Path, force_full: bool,
    progress: Callable[[str], None], units_per_s: float, baseline: tuple[Path, Path] | None,
) -> GrowthRow:
    """Write, build and load one synthetic corpus."""
    corpus_dir, index_dir = out_dir / f"corpus-{size}", out_dir / f"index-{size}"
    write_corpus(CORPUS_DIR, corpus_dir, size)
    chunks, texts = unit_texts(corpus_dir)
    units = len(texts)
    basis = "the previous size's full build"
    if units_per_s != units_per_s and units > SAMPLE_UNITS:  # no full build measured yet
        sample = texts[:: units // SAMPLE_UNITS][:SAMPLE_UNITS]
        units_per_s = len(sample) / embed_seconds(embedder, sample) / WRITE_OVERHEAD
        basis = f"the model's speed on {len(sample):,} of its units, ÷ {WRITE_OVERHEAD} for writes"
    estimate = units / units_per_s if units_per_s == units_per_s else 0.0
    progress(f"{chunks:,} chunks, {units:,} units; full build estimate {estimate / 60:.0f} min")
    full = force_full or estimate <= FULL_BUILD_LIMIT_S
    build_s, how = _build(corpus_dir, index_dir, embedder, full)
    progress(f"built in {build_s:.0f} s ({how}); answering from it in a new process")
    worker = spawn(index_dir, corpus_dir, runs, log, baseline)
    return GrowthRow(size, len(corpus_files(corpus_dir)), chunks, units, build_s, how,
                     folder_mb(index_dir), worker, estimate, basis)


def _build(corpus_dir: Path, index_dir: Path, embedder: Embedder, full: bool) -> tuple[float, str]:
    """Seconds to build, and how: a full build, or one sharing repeated units' vectors."""
    if full:
        clock = time.perf_counter()
        full_build(index_dir, embedder, corpus_dir)
        return time.perf_counter() - clock, "full"
    shared = build_sharing_vectors(corpus_dir, index_dir, embedder)
    how = (f"shared: {shared.distinct_units:,} distinct units embedded in {shared.embed_s:.0f} s,"
           f" {shared.units:,} stored in {shared.store_s:.0f} s")
    return shared.embed_s + shared.store_s, how
