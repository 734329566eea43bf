"""Server mode: the same indexing and questions against a real `chroma run` server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.pipeline import build_assistant, build_index, build_indexer
from assistant.schemas import Status
from assistant.search.embedders import MiniLMEmbedder
from benchmarks.harness import answers_200, free_port, wait_until

from .conftest import CORPUS, CountingEmbedder, make_settings

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server CI started (COMPACT_TEST_CHROMA_URL), or one started here for the module."""
    given = os.environ.get("COMPACT_TEST_CHROMA_URL")
    if given:
        yield given
        return
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(answers_200(f"{url}/api/v2/heartbeat"), 60, f"Chroma server at {url}",
                   alive=lambda: process.poll() is None, interval=0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_index_and_answer_through_a_chroma_server(
    chroma_url: str, tmp_path: Path, embedder: MiniLMEmbedder
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
