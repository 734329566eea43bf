"""Build the index from the corpus: incremental, atomic, and honest about bad files."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import CorpusError, EmptyCorpusError
from assistant.ingest.chunking import chunk_document
from assistant.ingest.loaders import LOADER_VERSION, is_corpus_file, load_document
from assistant.schemas import Chunk
from assistant.search.embedders import Embedder
from assistant.search.stores import SCHEMA_VERSION, ChromaIndex, IndexInfo

log = logging.getLogger(__name__)

ProgressFactory = Callable[[int, str], Any]


@dataclass
class BuildReport:
    """What an index run did."""

    version: str | None
    embedded_docs: list[str] = field(default_factory=list)
    reused_docs: list[str] = field(default_factory=list)
    removed_docs: list[str] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)
    chunk_count: int = 0
    embedded_chunks: int = 0
    seconds: float = 0.0
    up_to_date: bool = False

    @property
    def ok(self) -> bool:
        """True when every corpus file was indexed."""
        return not self.errors


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every indexable file under the corpus folder, in a stable order."""
    if not corpus_dir.is_dir():
        raise CorpusError(corpus_dir, "corpus folder does not exist")
    return sorted(path for path in corpus_dir.rglob("*") if is_corpus_file(path))


def file_hash(path: Path) -> str:
    """Content hash of a file as the loader records it."""
    return hashlib.sha256(LOADER_VERSION.encode() + path.read_bytes()).hexdigest()


class Indexer:
    """Turns the corpus folder into a committed index version."""

    def __init__(
        self,
        index: ChromaIndex,
        embedder_factory: Callable[[], Embedder],
        corpus_dir: Path,
        embedding_model: str,
        max_bytes: int | None = None,
        progress: ProgressFactory | None = None,
        list_files: Callable[[Path], list[Path]] = corpus_files,
    ) -> None:
        self._index = index
        self._embedder_factory = embedder_factory
        self._corpus_dir = corpus_dir
        self._model = embedding_model
        self._max_bytes = max_bytes
        self._list_files = list_files
        self._progress = progress

    def build(self, rebuild: bool = False, allow_empty: bool = False) -> BuildReport:
        """Index what changed since the active version (everything with `rebuild`).

        A corpus folder with no documents left would empty a good index: EmptyCorpusError
        keeps the index as it is, unless `allow_empty` says an empty index is wanted.
        """
        started = time.perf_counter()
        existing = self._index.info()
        previous = None if rebuild else self._compatible(existing)
        files = self._list_files(self._corpus_dir)
        hashes, errors = self._hash_files(files)
        if not files and existing is not None and existing.doc_hashes and not allow_empty:
            raise EmptyCorpusError(
                f"{self._corpus_dir} has no documents: the index of "
                f"{len(existing.doc_hashes)} document(s) was kept (pass --allow-empty to empty it)"
            )
        if previous and hashes == previous.doc_hashes and not errors:
            return BuildReport(
                previous.version, reused_docs=sorted(hashes), chunk_count=previous.chunk_count,
                seconds=time.perf_counter() - started, up_to_date=True,
            )
        report = self._build_new(files, hashes, errors, previous)
        report.seconds = time.perf_counter() - started
        return report

    def _compatible(self, info: IndexInfo | None) -> IndexInfo | None:
        """The active index when its vectors can be reused (same model and schema)."""
        if info is None:
            return None
        if info.embedding_model != self._model or info.schema_version != SCHEMA_VERSION:
            log.warning("index built with another model or schema: rebuilding from scratch")
            return None
        return info

    def _hash_files(self, files: list[Path]) -> tuple[dict[str, str], list[CorpusError]]:
        hashes: dict[str, str] = {}
        errors: list[CorpusError] = []
        for path in files:
            try:
                hashes[path.relative_to(self._corpus_dir).as_posix()] = file_hash(path)
            except OSError as exc:
                errors.append(CorpusError(path, f"cannot be read ({exc.strerror or exc})"))
        return hashes, errors

    def _build_new(
        self,
        files: list[Path],
        hashes: dict[str, str],
        errors: list[CorpusError],
        previous: IndexInfo | None,
    ) -> BuildReport:
        old_hashes = previous.doc_hashes if previous else {}
        report = BuildReport(version=None, errors=list(errors))
        fresh_chunks: list[Chunk] = []
        texts: dict[str, str] = {}
        rows: dict[str, list[dict[str, str]]] = {}
        kept_hashes: dict[str, str] = {}
        for path in files:
            doc_id = path.relative_to(self._corpus_dir).as_posix()
            if doc_id not in hashes:
                continue
            if old_hashes.get(doc_id) == hashes[doc_id]:
                report.reused_docs.append(doc_id)
                kept_hashes[doc_id] = hashes[doc_id]
                continue
            try:
                document = load_document(path, self._corpus_dir, self._max_bytes)
            except CorpusError as error:
                report.errors.append(error)
                if doc_id in old_hashes:  # keep the last good version rather than lose it
                    report.reused_docs.append(doc_id)
                    kept_hashes[doc_id] = old_hashes[doc_id]
                continue
            fresh_chunks += chunk_document(document)
            texts[doc_id] = document.text
            if document.rows:
                rows[doc_id] = [dict(row) for row in document.rows]
            kept_hashes[doc_id] = hashes[doc_id]
            report.embedded_docs.append(doc_id)
        report.removed_docs = sorted(set(old_hashes) - set(kept_hashes))
        report.version = self._write(previous, report, fresh_chunks, (texts, rows), kept_hashes)
        return report

    def _write(
        self,
        previous: IndexInfo | None,
        report: BuildReport,
        fresh_chunks: list[Chunk],
        documents: tuple[dict[str, str], dict[str, list[dict[str, str]]]],
        kept_hashes: dict[str, str],
    ) -> str:
        active = self._index.active_version()
        self._index.drop_stale(keep={active} if active else set())
        self._index.begin_build()
        try:
            reused = self._copy_reused(previous, set(report.reused_docs))
            self._embed_and_add(fresh_chunks)
            self._index.add_document_texts(*documents)
            report.embedded_chunks = len(fresh_chunks)
            report.chunk_count = len(fresh_chunks) + reused
            return self._index.commit_build(
                {
                    "embedding_model": self._model,
                    "built_at": time.time(),
                    "doc_hashes": json.dumps(kept_hashes, sort_keys=True),
                    "errors": json.dumps([str(error) for error in report.errors]),
                    "chunk_count": report.chunk_count,
                    "doc_count": len(kept_hashes),
                }
            )
        except BaseException:
            self._index.abort_build()
            raise

    def _copy_reused(self, previous: IndexInfo | None, doc_ids: set[str]) -> int:
        if previous is None or not doc_ids:
            return 0
        chunks, vectors = [], []
        for chunk, unit_vectors in self._index.iter_vectors(previous.version, doc_ids):
            chunks.append(chunk)
            vectors.append(unit_vectors)
        self._index.add_documents(chunks, vectors)
        ids = sorted(doc_ids)
        self._index.add_document_texts(
            self._index.documents(previous.version, ids),
            self._index.document_rows(previous.version, ids),
        )
        return len(chunks)

    def _embed_and_add(self, chunks: list[Chunk], batch: int = 64) -> None:
        if not chunks:
            return
        embedder = self._embedder_factory()
        bar = self._progress(len(chunks), "Embedding passages") if self._progress else None
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            units = [chunk.embedded_units() for chunk in part]
            texts = [text for chunk_units in units for _, text in chunk_units]
            flat = iter(embedder.embed_documents(texts))
            self._index.add_documents(part, [[next(flat) for _ in u] for u in units])
            if bar is not None:
                bar.update(len(part))
        if bar is not None:
            bar.close()
