"""The background re-index the admin routes start: one at a time, and what the last one did."""

from __future__ import annotations

from typing import Any

from assistant.config import Settings
from assistant.ingest.indexing import BuildReport
from assistant.pipeline import Assistant, build_indexer

from .jobs import BackgroundJob, Progress


class ReindexJob(BackgroundJob):
    """At most one background re-index at a time, with its progress and what the last one did."""

    def start_reindex(self, settings: Settings, assistant: Assistant,
                      allow_empty: bool = False) -> bool:
        """Start an incremental re-index in a thread; False when one is already running."""

        def work(progress: Progress) -> dict[str, Any]:
            report: BuildReport = build_indexer(
                settings, index=assistant.index, embedder_factory=lambda: assistant.embedder,
                progress=progress,
            ).build(allow_empty=allow_empty)
            assistant.refresh()
            return {"ok": report.ok, "version": report.version, "seconds": report.seconds,
                    "errors": [str(e) for e in report.errors]}

        return self.start(work)
