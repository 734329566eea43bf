"""Chunks follow structure, keep sentences whole, and carry offsets that reproduce them."""

from __future__ import annotations

import pytest

from assistant.ingest.chunking import ChunkSizes, chunk_document
from assistant.ingest.loaders import load_document
from assistant.text import sentence_spans

from .conftest import CORPUS

FILES = ["compact-voice-helping-commissioners.txt", "national-compact-background.md"]


@pytest.mark.parametrize("name", FILES)
def test_offsets_reproduce_every_chunk(name: str) -> None:
    document = load_document(CORPUS / name, CORPUS)
    chunks = chunk_document(document)
    assert chunks
    for chunk in chunks:
        assert document.text[chunk.start : chunk.end] == chunk.text
        assert chunk.doc_id == name and chunk.source == f"corpus/{name}"


@pytest.mark.parametrize("name", FILES)
def test_chunks_stay_in_size_and_never_split_a_sentence(name: str) -> None:
    document = load_document(CORPUS / name, CORPUS)
    sentence_ends = {end for start, end in sentence_spans(document.text)}
    for chunk in chunk_document(document):
        assert len(chunk.text) <= ChunkSizes().max_chars
        assert chunk.end in sentence_ends, chunk.text[-60:]


def test_chunks_know_their_section() -> None:
    document = load_document(CORPUS / FILES[0], CORPUS)
    chunks = chunk_document(document)
    section = "Why should new commissioning bodies use a local Compact?"
    ours = [c for c in chunks if c.section == section]
    assert ours and all("Commissioners" in c.text or "Local Compacts" in c.text
                        or "partnerships" in c.text for c in ours)


def test_source_lines_are_not_passages() -> None:
    document = load_document(CORPUS / FILES[1], CORPUS)
    assert not any(c.text.startswith(("Source:", "Sources:")) for c in chunk_document(document))


def test_each_compact_row_is_one_chunk() -> None:
    document = load_document(CORPUS / "local-compacts.csv", CORPUS)
    chunks = chunk_document(document)
    assert len(chunks) == len(document.rows) == 78
    assert all(chunk.text.startswith(chunk.section or "") for chunk in chunks)
