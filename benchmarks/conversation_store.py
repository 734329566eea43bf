"""The cost `/v1/ask` adds in the conversation store, measured in process with threads.

Each `/v1/ask` without a conversation id starts a conversation, then records the answer and
appends it as a turn: three SQLite transactions. This times the real `Conversations.ask` (with
the embedding cache warm, so the store's share shows) at one and at 16 threads, on the default
SQLite file and, for comparison, on the same file switched to write-ahead logging.
"""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from assistant.chat.conversations import Conversations
from assistant.chat.database import build_store
from assistant.config import Settings
from assistant.pipeline import Assistant

from .stats import Summary, median_of, summarize


@dataclass
class StoreResult:
    """`Conversations.ask` latency by journal mode and thread count (median over runs)."""

    runs: int
    by_mode: dict[str, dict[int, Summary]]


def _timed_asks(conversations: Conversations, questions: list[str], threads: int) -> Summary:
    def one(question: str) -> float:
        """Milliseconds to ask one question in a new conversation."""
        clock = time.perf_counter()
        conversations.ask(question)
        return (time.perf_counter() - clock) * 1000.0

    with ThreadPoolExecutor(threads) as pool:
        return summarize(list(pool.map(one, questions)))


def measure_store(
    assistant: Assistant, questions: list[str], folder: Path, levels: list[int], runs: int
) -> StoreResult:
    """Ask every question through `Conversations` on a fresh SQLite file per journal mode."""
    for question in questions:
        assistant.ask(question)  # the embedding cache: the store's cost is what remains
    result = StoreResult(runs, {})
    for mode in ("delete", "wal"):
        path = folder / f"conversations-{mode}.db"
        for leftover in folder.glob(f"{path.name}*"):
            leftover.unlink()
        with sqlite3.connect(path) as db:
            db.execute(f"PRAGMA journal_mode={mode}")  # persists in the file
        settings = Settings(database_url=f"sqlite:///{path}")  # type: ignore[call-arg]
        store = build_store(settings)
        conversations = Conversations(assistant, store)
        result.by_mode[mode] = {
            level: median_of(_timed_asks(conversations, questions, level) for _ in range(runs))
            for level in levels
        }
        store.close()
    return result
