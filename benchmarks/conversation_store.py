"""`Conversations.ask`, what `/v1/ask` runs, measured in process with threads on the default
store (a SQLite file in WAL mode; a new conversation's first turn is one transaction).

Two cases, each at one and at 16 threads: questions already in the embedding cache, so the
store's share shows; and new questions whose embeddings go through the micro-batcher, as the
server's do, with the batcher's own counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from assistant.chat.conversations import Conversations
from assistant.chat.database import build_store
from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.search.batching import BatchStats, MicroBatcher
from assistant.search.embedders import Embedder

from .fixtures import FreshEmbedder
from .profiling import Profile, profile_calls
from .stats import Summary, median_of, summarize

CACHED = "embedding cached"
BATCHED = "new questions, micro-batched"


@dataclass
class StoreResult:
    """`Conversations.ask` latency by case and thread count (median over runs)."""

    runs: int
    by_mode: dict[str, dict[int, Summary]]
    batches: BatchStats | None = None  # the micro-batcher's counts at the highest level
    profile: Profile | None = None  # embedding cached, one thread


def _timed_asks(conversations: Conversations, questions: list[str], threads: int) -> Summary:
    def one(question: str) -> float:
        """Milliseconds to ask one question in a new conversation."""
        clock = time.perf_counter()
        conversations.ask(question)
        return (time.perf_counter() - clock) * 1000.0

    with ThreadPoolExecutor(threads) as pool:
        return summarize(list(pool.map(one, questions)))


def measure_store(
    cached: Assistant, assistant_with: Callable[[Embedder], Assistant], embedder: Embedder,
    questions: list[str], folder: Path, levels: list[int], runs: int,
) -> StoreResult:
    """Ask every question through `Conversations` on a fresh SQLite file: with `cached`, then
    with `assistant_with` an embedder whose questions go to a new micro-batcher over `embedder`
    (and never to a cache)."""
    for question in questions:
        cached.ask(question)  # the embedding cache: the store's cost is what remains
    path = folder / "conversations.db"
    for leftover in folder.glob(f"{path.name}*"):
        leftover.unlink()
    store = build_store(Settings(database_url=f"sqlite:///{path}"))  # type: ignore[call-arg]
    result = StoreResult(runs, {})
    conversations = Conversations(cached, store)
    result.by_mode[CACHED] = _levels(conversations, questions, levels, runs)
    result.profile = profile_calls(conversations.ask, questions, folder / "store-profile.txt")
    batched = {}
    for level in levels:
        batcher = MicroBatcher(embedder.embed_documents)
        fresh = assistant_with(FreshEmbedder(embedder, batcher))
        fresh.ask(questions[0])  # loads the index; not timed
        batched[level] = median_of(
            _timed_asks(Conversations(fresh, store), questions, level) for _ in range(runs))
        result.batches = batcher.stats
    result.by_mode[BATCHED] = batched
    store.close()
    return result


def _levels(conversations: Conversations, questions: list[str], levels: list[int], runs: int
            ) -> dict[int, Summary]:
    return {level: median_of(_timed_asks(conversations, questions, level) for _ in range(runs))
            for level in levels}
