"""The background re-index the admin route starts: one at a time, and what the last one did."""

from __future__ import annotations

import threading
import time
from typing import Any

from assistant.config import Settings
from assistant.ingest.indexing import BuildReport
from assistant.pipeline import Assistant, build_indexer


class ReindexJob:
    """At most one background re-index at a time, and what the last one did."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running = False
        self.last: dict[str, Any] | None = None

    def start(self, settings: Settings, assistant: Assistant) -> bool:
        """Start a re-index in a thread; False when one is already running."""
        if not self._lock.acquire(blocking=False):
            return False
        self.running = True
        threading.Thread(target=self._run, args=(settings, assistant), daemon=True).start()
        return True

    def _run(self, settings: Settings, assistant: Assistant) -> None:
        started = time.time()
        try:
            report: BuildReport = build_indexer(
                settings, index=assistant.index, embedder_factory=lambda: assistant.embedder
            ).build()
            assistant.refresh()
            self.last = {"started_at": started, "ok": report.ok, "version": report.version,
                         "errors": [str(e) for e in report.errors], "seconds": report.seconds}
        except Exception as error:  # reported through /v1/admin/status
            self.last = {"started_at": started, "ok": False, "errors": [repr(error)]}
        finally:
            self.running = False
            self._lock.release()
