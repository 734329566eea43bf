"""Background jobs the admin routes start (a re-index, an evaluation run): one at a time each,
with their progress and what the last one did."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


class Progress:
    """How far a job has got: `done` of `total` steps of its current stage, `label`.

    It is also an indexer's progress factory (`progress(total, label)`, then `update(n)`)."""

    def __init__(self) -> None:
        self.label = ""
        self.done = 0
        self.total = 0

    def __call__(self, total: int, label: str) -> Progress:
        self.label, self.done, self.total = label, 0, total
        return self

    def update(self, steps: int = 1) -> None:
        """Count steps done."""
        self.done += steps

    def close(self) -> None:
        """The stage is over (nothing to release)."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"label": self.label, "done": self.done, "total": self.total}


Work = Callable[[Progress], dict[str, Any]]


class BackgroundJob:
    """At most one run at a time in a thread; `last` is what the last run returned, with
    when it started, or the error it failed with."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running = False
        self.progress = Progress()
        self.last: dict[str, Any] | None = None

    def start(self, work: Work) -> bool:
        """Start `work` in a thread; False when a run is already going."""
        if not self._lock.acquire(blocking=False):
            return False
        self.running = True
        self.progress = Progress()
        threading.Thread(target=self._run, args=(work,), daemon=True).start()
        return True

    def _run(self, work: Work) -> None:
        started = time.time()
        try:
            self.last = {"started_at": started, **work(self.progress)}
        except Exception as error:  # reported through the job's status route
            self.last = {"started_at": started, "ok": False, "errors": [repr(error)]}
        finally:
            self.running = False
            self._lock.release()
