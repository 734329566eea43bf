"""Server mode: the same indexing and questions against a real `chroma run` server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.pipeline import build_assistant, build_index, build_indexer
from assistant.schemas import Status
from assistant.search.embedders import Embedder

from .conftest import CORPUS, CountingEmbedder, make_settings

pytestmark = pytest.mark.server


def test_index_and_answer_through_a_chroma_server(
    chroma_url: str, tmp_path: Path, embedder: Embedder
) -> None:
    prefix = f"t{time.time_ns() % 10**9}"
    settings = make_settings(CORPUS, tmp_path / "unused", chroma_url=chroma_url,
                             collection_prefix=prefix)
    counter = CountingEmbedder(embedder)
    first = build_indexer(settings, embedder_factory=lambda: counter).build()
    assert first.ok and first.chunk_count > 40
    assert not (tmp_path / "unused" / "chroma").exists()  # nothing embedded on local disk
    counter.embedded = 0
    second = build_indexer(settings, embedder_factory=lambda: counter).build()
    assert second.up_to_date and counter.embedded == 0

    # Another API process would build its own assistant against the same server.
    assistant = build_assistant(settings, index=build_index(settings), embedder=embedder)
    answer = assistant.ask("why should a PCC use the Compact?")
    assert answer.status is Status.answered
    assert any(c.doc_id == "compact-voice-helping-commissioners.txt" for c in answer.citations)
    assert assistant.ask("Is there a local Compact in Leeds?").citations[0].section == (
        "Compact for Leeds"
    )
