"""Safe re-indexing: readers never see a half-built index, and a killed build loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from assistant.pipeline import build_assistant, build_index, build_indexer
from assistant.schemas import Status
from assistant.search.embedders import Embedder
from benchmarks.harness import wait_until

from .conftest import CountingEmbedder, make_settings

QUESTIONS = [
    "Is the Compact legally binding?",
    "How much notice should a council give before cutting funding?",
    "Is there a local Compact in Leeds?",
]


def _padding_document(path: Path, paragraphs: int) -> None:
    """A long extra document, so that a build takes a few seconds."""
    lines = ["# Partnership notes", ""]
    for n in range(paragraphs):
        lines += [
            f"## Meeting {n}",
            "",
            f"Partners in area {n} met to review volunteering and grant notices for "
            f"community group {n}. They agreed to share minutes with every member within a week.",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_questions_keep_answering_during_a_rebuild(  # type: ignore[no-untyped-def]
    indexed_copy, corpus_copy: Path, embedder: Embedder
) -> None:
    settings, index, first = indexed_copy
    assistant = build_assistant(settings, index=index, embedder=embedder)
    _padding_document(corpus_copy / "padding.md", 150)
    failures: list[str] = []
    versions: set[str] = set()
    answered = 0
    done = threading.Event()

    def ask_in_a_loop() -> None:
        nonlocal answered
        while not done.is_set():
            for question in QUESTIONS:
                try:
                    answer = assistant.ask(question)
                    versions.add(assistant.loaded.version)
                    if answer.status is not Status.answered or not answer.citations:
                        failures.append(f"{question}: {answer.status} {answer.answer[:80]}")
                    answered += 1
                except Exception as error:  # any error at all is a failure of this test
                    failures.append(f"{question}: {type(error).__name__}: {error}")

    reader = threading.Thread(target=ask_in_a_loop)
    reader.start()
    try:
        second = build_indexer(settings, index=index, embedder_factory=lambda: embedder).build(
            rebuild=True
        )
        assistant.refresh()  # explicit: the next questions read the new version
        wait_until(lambda: second.version in versions, 60, "a reader on the new version")
    finally:
        done.set()
        reader.join(timeout=60)
    assert failures == []
    assert answered > 20
    assert versions == {first.version, second.version}


def test_a_killed_index_process_leaves_the_old_index_serving(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    index_dir = tmp_path / "index"
    settings = make_settings(corpus_copy, index_dir)
    good = build_indexer(settings, embedder_factory=lambda: embedder).build()
    _padding_document(corpus_copy / "padding.md", 1500)
    env = {
        **os.environ, "HF_HUB_OFFLINE": "1",
        "COMPACT_CORPUS_DIR": str(corpus_copy), "COMPACT_INDEX_DIR": str(index_dir),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "index", "--rebuild"],
        env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    assert process.stderr is not None
    started = time.monotonic()
    seen = ""
    while "Embedding passages" not in seen and time.monotonic() - started < 120:
        seen += process.stderr.read(1)
    time.sleep(1.0)  # part-way through embedding
    assert process.poll() is None, "the build finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    index = build_index(settings)
    assert index.active_version() == good.version
    assistant = build_assistant(settings, index=index, embedder=embedder)
    answer = assistant.ask("Is the Compact legally binding?")
    assert answer.status is Status.answered and "not legally binding" in answer.answer

    counter = CountingEmbedder(embedder)
    resumed = build_indexer(settings, index=index, embedder_factory=lambda: counter).build()
    assert resumed.ok and resumed.version != good.version
    assert "padding.md" in resumed.embedded_docs
    assert index.active_version() == resumed.version
