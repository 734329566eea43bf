"""Indexing: a full build into a fresh folder, and a second run with nothing changed."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import EmbeddingRuntime
from assistant.ingest.chunking import chunk_document
from assistant.ingest.indexing import BuildReport
from assistant.pipeline import build_indexer
from assistant.search.embedders import Embedder
from evals.corpus import load_documents

from .fixtures import CORPUS_DIR, DEFAULT_RUNTIME, settings_for


@dataclass
class BuildResult:
    """Medians over runs: a full build, and no-change runs in process and from the CLI."""

    runs: int
    chunks: int
    units: int
    full_build_s: float
    no_change_s: float
    no_change_cli_s: float
    embed_only_s: float  # the model alone on every unit text, in the indexer's batches
    cli_parts: dict[str, float] = field(default_factory=dict)  # where the CLI's second goes
    runtime: str = DEFAULT_RUNTIME.value
    stock_build_s: float = float("nan")  # the same full build with PyTorch, for comparison
    stock_embed_only_s: float = float("nan")  # PyTorch alone on the same unit texts
    # the model alone on one text per chunk, its whole text: a build with no sentence vectors
    whole_chunks_only_s: float = float("nan")

    @property
    def chunks_per_s(self) -> float:
        """Chunks indexed per second in a full build."""
        return self.chunks / self.full_build_s

    @property
    def units_per_s(self) -> float:
        """Sentence vectors embedded and stored per second in a full build."""
        return self.units / self.full_build_s


def unit_texts(corpus_dir: Path) -> tuple[int, list[str]]:
    """Chunk count and the texts the indexer will embed for a corpus (`Chunk.embedded_units`)."""
    chunks = [c for d in load_documents(corpus_dir) for c in chunk_document(d)]
    return len(chunks), [text for c in chunks for _, text in c.embedded_units()]


def whole_chunk_texts(corpus_dir: Path) -> list[str]:
    """Each chunk's whole text: what one vector per chunk would embed."""
    return [c.text for d in load_documents(corpus_dir) for c in chunk_document(d)]


def count_units(corpus_dir: Path) -> tuple[int, int]:
    """Chunks and embedded sentence units of a corpus, as the indexer will make them."""
    chunks, texts = unit_texts(corpus_dir)
    return chunks, len(texts)


def embed_seconds(embedder: Embedder, texts: list[str], batch: int = 64 * 3) -> float:
    """Time for the model alone to embed `texts`, in slices about the size the indexer uses."""
    clock = time.perf_counter()
    for start in range(0, len(texts), batch):
        embedder.embed_documents(texts[start : start + batch])
    return time.perf_counter() - clock


def full_build(
    index_dir: Path, embedder: Embedder, corpus_dir: Path = CORPUS_DIR,
    runtime: EmbeddingRuntime = DEFAULT_RUNTIME,
) -> BuildReport:
    """Build an index from scratch into `index_dir` with an already loaded model of `runtime`."""
    shutil.rmtree(index_dir, ignore_errors=True)
    settings = settings_for(index_dir, corpus_dir, runtime)
    report = build_indexer(settings, embedder_factory=lambda: embedder).build()
    if not report.ok:
        raise RuntimeError(f"indexing failed: {report.errors}")
    return report


def cli_index_seconds(index_dir: Path, corpus_dir: Path = CORPUS_DIR) -> float:
    """Wall time of `compact-assistant index` in a new process."""
    env = {**os.environ, "COMPACT_INDEX_DIR": str(index_dir), "COMPACT_CORPUS_DIR": str(corpus_dir)}
    clock = time.perf_counter()
    subprocess.run([sys.executable, "-m", "api.cli", "index"], env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - clock


IMPORT_PROBE = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"


def import_seconds(module: str) -> float:
    """Seconds a new interpreter takes to import `module` (and what it imports)."""
    probe = IMPORT_PROBE.format(module)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    return float(done.stdout.strip())


def python_start_seconds() -> float:
    """Wall time of a new interpreter that does nothing."""
    clock = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - clock


def cli_parts(runs: int) -> dict[str, float]:
    """Medians of what `compact-assistant index` pays before it can compare hashes."""
    return {
        "python start": statistics.median(python_start_seconds() for _ in range(runs)),
        "import assistant.pipeline": statistics.median(
            import_seconds("assistant.pipeline") for _ in range(runs)),
        "import chromadb": statistics.median(import_seconds("chromadb") for _ in range(runs)),
    }


def _full_build_seconds(index_dir: Path, embedder: Embedder, runtime: EmbeddingRuntime) -> float:
    clock = time.perf_counter()
    full_build(index_dir, embedder, runtime=runtime)
    return time.perf_counter() - clock


def measure_builds(out_dir: Path, embedder: Embedder, runs: int, stock: Embedder) -> BuildResult:
    """Full builds of the shipped corpus into fresh folders with the default runtime's
    `embedder` (and with PyTorch's, `stock`, for comparison), then no-change runs."""
    chunks, texts = unit_texts(CORPUS_DIR)
    embed_seconds(embedder, texts)  # untimed: ONNX Runtime sizes its buffers on first shapes
    embed_only = statistics.median(embed_seconds(embedder, texts) for _ in range(runs))
    stock_embed_only = statistics.median(embed_seconds(stock, texts) for _ in range(runs))
    whole = whole_chunk_texts(CORPUS_DIR)
    whole_only = statistics.median(embed_seconds(embedder, whole) for _ in range(runs))
    # a folder per build: Chroma keeps a client per path in the process, so a build into a
    # folder deleted and made again in the same process would find the old index
    stock_s = statistics.median(
        _full_build_seconds(out_dir / f"stock-{run}", stock, EmbeddingRuntime.torch)
        for run in range(runs))
    full = [_full_build_seconds(out_dir / f"build-{run}", embedder, DEFAULT_RUNTIME)
            for run in range(runs)]
    index_dir = out_dir / "build-0"
    settings = settings_for(index_dir)
    no_change = []
    for _ in range(runs):
        clock = time.perf_counter()
        report = build_indexer(settings).build()
        no_change.append(time.perf_counter() - clock)
        assert report.up_to_date, "a second run should find nothing to do"
    cli = [cli_index_seconds(index_dir) for _ in range(runs)]
    return BuildResult(
        runs, chunks, len(texts), statistics.median(full), statistics.median(no_change),
        statistics.median(cli), embed_only, cli_parts(runs), stock_build_s=stock_s,
        stock_embed_only_s=stock_embed_only, whole_chunks_only_s=whole_only,
    )
