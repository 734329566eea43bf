"""Where the time of one answer goes, stage by stage."""

from __future__ import annotations

import time

from assistant.schemas import Timings


class StageClock:
    """Milliseconds per stage of one answer, each measured from the previous mark."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._retrieve = 0.0
        self._started = self._last = time.perf_counter()

    def mark(self, stage: str) -> None:
        """Record the time since the previous mark as `stage`."""
        now = time.perf_counter()
        self.stages[stage] = round((now - self._last) * 1000.0, 3)
        self._last = now

    def add(self, stages: dict[str, float], into: str) -> None:
        """Stages timed elsewhere (the retriever's), counted together as `into`."""
        self.stages.update({name: round(ms, 3) for name, ms in stages.items()})
        now = time.perf_counter()
        self._retrieve += (now - self._last) * 1000.0
        self._last = now

    def timings(self) -> Timings:
        """Retrieval, the rest, the total, and every stage."""
        total = (time.perf_counter() - self._started) * 1000.0
        return Timings(retrieve=round(self._retrieve, 2), answer=round(total - self._retrieve, 2),
                       total=round(total, 2), stages=self.stages)
