"""Incremental, atomic indexing with the real embedder and a real embedded Chroma store."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.pipeline import build_assistant, build_index, build_indexer
from assistant.search.embedders import Embedder

from .conftest import CountingEmbedder, make_settings


def _indexer(corpus: Path, index: Path, counter: CountingEmbedder):  # type: ignore[no-untyped-def]
    settings = make_settings(corpus, index)
    return settings, build_indexer(settings, embedder_factory=lambda: counter)


def _built_then_reset(indexer, counter: CountingEmbedder):  # type: ignore[no-untyped-def]
    """A first build, which must embed something; the counter then starts again from 0."""
    report = indexer.build()
    assert counter.embedded > 0
    counter.embedded = 0
    return report


@pytest.fixture
def counted(corpus_copy: Path, tmp_path: Path, embedder: Embedder):  # type: ignore[no-untyped-def]
    """Settings and an indexer over a corpus copy, with the embedder counting what it embeds."""
    counter = CountingEmbedder(embedder)
    settings, indexer = _indexer(corpus_copy, tmp_path / "index", counter)
    return settings, indexer, counter


def test_unchanged_corpus_embeds_nothing(counted) -> None:  # type: ignore[no-untyped-def]
    _, indexer, counter = counted
    first = _built_then_reset(indexer, counter)
    assert first.ok and first.chunk_count > 40
    second = indexer.build()
    assert second.up_to_date and second.version == first.version
    assert counter.embedded == 0


def test_only_changed_documents_are_embedded_again(  # type: ignore[no-untyped-def]
    counted, corpus_copy: Path
) -> None:
    settings, indexer, counter = counted
    first = _built_then_reset(indexer, counter)
    (corpus_copy / "extra.md").write_text(
        "# Volunteering\n\nVolunteers in Exampleshire meet on Tuesdays to plan the annual fair.\n"
    )
    (corpus_copy / "local-compacts.csv").unlink()
    second = indexer.build()
    assert second.embedded_docs == ["extra.md"]
    assert second.removed_docs == ["local-compacts.csv"]
    assert sorted(second.reused_docs) == [
        "compact-undertakings-notes.md", "compact-voice-helping-commissioners.txt",
        "national-compact-background.md",
    ]
    assert counter.embedded == 1  # one sentence in the new file
    assistant = build_assistant(settings, index=build_index(settings), embedder=counter.inner)
    chunks = list(assistant.index.iter_chunks(second.version or ""))
    assert {c.doc_id for c in chunks} == set(second.reused_docs) | {"extra.md"}
    assert second.chunk_count == len(chunks) and second.chunk_count < first.chunk_count


def test_rebuild_embeds_everything(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    counter = CountingEmbedder(embedder)
    _, indexer = _indexer(corpus_copy, tmp_path / "index", counter)
    indexer.build()
    embedded_first = counter.embedded
    counter.embedded = 0
    report = indexer.build(rebuild=True)
    assert not report.up_to_date and counter.embedded == embedded_first


def test_failed_build_leaves_the_old_index_serving(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    settings, indexer = _indexer(corpus_copy, tmp_path / "index", CountingEmbedder(embedder))
    good = indexer.build()
    crashing = CountingEmbedder(embedder, fail_after=5)
    _, failing = _indexer(corpus_copy, tmp_path / "index", crashing)
    with pytest.raises(RuntimeError, match="simulated crash"):
        failing.build(rebuild=True)
    index = build_index(settings)
    assert index.active_version() == good.version
    assistant = build_assistant(settings, index=index, embedder=embedder)
    answer = assistant.ask("When was the national Compact first agreed?")
    assert answer.status.value == "answered" and answer.citations


def test_bad_file_is_reported_and_the_rest_indexed(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    (corpus_copy / "scan.pdf").write_bytes(b"%PDF-1.4 this is not a real pdf")
    (corpus_copy / "notes.txt").write_bytes("caf\xe9".encode("latin-1"))
    _, indexer = _indexer(corpus_copy, tmp_path / "index", CountingEmbedder(embedder))
    report = indexer.build()
    assert not report.ok
    named = sorted(error.path.name for error in report.errors)
    assert named == ["notes.txt", "scan.pdf"]
    assert len(report.embedded_docs) == 4 and report.version is not None  # the four documents


def test_a_document_that_turns_bad_keeps_its_last_good_version(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    settings, indexer = _indexer(corpus_copy, tmp_path / "index", CountingEmbedder(embedder))
    first = indexer.build()
    (corpus_copy / "national-compact-background.md").write_bytes(b"\x00\x01binary now")
    second = indexer.build()
    assert not second.ok and "national-compact-background.md" in second.reused_docs
    assert second.chunk_count == first.chunk_count


def test_index_from_another_model_is_rebuilt(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    counter = CountingEmbedder(embedder)
    settings = make_settings(corpus_copy, tmp_path / "index")
    from assistant.ingest.indexing import Indexer

    index = build_index(settings)
    Indexer(index, lambda: counter, corpus_copy, "some/other-model").build()
    counter.embedded = 0
    report = build_indexer(settings, index=index, embedder_factory=lambda: counter).build()
    assert not report.up_to_date and report.reused_docs == [] and counter.embedded > 0
