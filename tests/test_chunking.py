"""Chunks follow structure, keep sentences whole, and carry offsets that reproduce them."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.ingest.chunking import ChunkSizes, chunk_document
from assistant.ingest.loaders import load_document
from assistant.schemas import Chunk
from assistant.search.retrieval import SentenceVectors
from assistant.text import enumerated_items, sentence_spans

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


def test_a_sentence_listing_things_alike_gives_each_item_with_the_words_before_it() -> None:
    assert enumerated_items("It undertakes to fund A, to make B, and to keep C free.") == [
        "It undertakes to fund A.", "It undertakes to make B.", "It undertakes to keep C free."]
    assert enumerated_items("Areas renewed them for reasons: to match X, to rebuild Y, or to "
                            "respond to Z.") == ["Areas renewed them for reasons: to match X.",
                                                 "Areas renewed them for reasons: to rebuild Y.",
                                                 "Areas renewed them for reasons: to respond to Z."]
    assert enumerated_items("It undertakes to fund A, and to keep C.") == []  # two parts
    # items that do not open alike, or nothing before the list to carry: not split
    assert enumerated_items("Partners include the police, housing associations, and others.") == []
    assert enumerated_items("To fund A, to make B, and to keep C.") == []


def test_each_item_of_a_list_is_embedded_and_scores_its_sentence() -> None:
    text = "It is short. It undertakes to fund A, to make B, and to keep C."
    chunk = Chunk("d#0", "d", "Doc", "Outcome 1", "corpus/d", text, 0, len(text))
    assert chunk.embedded_units() == [
        (0, "Outcome 1: It is short."),
        (1, "Outcome 1: It undertakes to fund A, to make B, and to keep C."),
        (1, "Outcome 1: It undertakes to fund A."), (1, "Outcome 1: It undertakes to make B."),
        (1, "Outcome 1: It undertakes to keep C.")]
    axes = np.eye(5, dtype=np.float32)  # one axis per embedded text
    vectors = SentenceVectors.from_pairs([(chunk, list(axes))])
    # a question on the last item alone: the list's sentence scores as its item does
    assert vectors.scores("d#0", axes[4]) == [0.0, 1.0]
    assert vectors.scores("d#0", axes[0]) == [1.0, 0.0]
