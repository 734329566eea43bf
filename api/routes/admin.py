"""Admin routes (present only when COMPACT_ADMIN_KEY is set): re-index, status."""

from __future__ import annotations

import hmac
import threading
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from assistant.config import Settings
from assistant.ingest.indexing import BuildReport
from assistant.pipeline import Assistant, build_indexer

from ..deps import AssistantDep
from ..errors import error_responses


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


class Status(BaseModel):
    """The index in use and the last re-index."""

    index_version: str | None
    documents: int
    chunks: int
    built_at: float | None
    build_errors: list[str]
    reindex_running: bool
    last_reindex: dict[str, Any] | None


def require_admin(
    request: Request, x_admin_key: Annotated[str | None, Header()] = None
) -> None:
    """401 unless the request carries the admin key."""
    expected = request.app.state.settings.admin_key
    given = x_admin_key or _bearer(request.headers.get("authorization", ""))
    if expected is None or not given or not hmac.compare_digest(
        given.encode(), expected.get_secret_value().encode()
    ):
        raise HTTPException(401, "a valid admin key is required", {"WWW-Authenticate": "Bearer"})


def _bearer(authorization: str) -> str | None:
    return authorization[7:].strip() if authorization.lower().startswith("bearer ") else None


router = APIRouter(
    prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_admin)],
    responses=error_responses(401, 422),
)


@router.post("/reindex", status_code=202, responses=error_responses(409))
def reindex(request: Request, assistant: AssistantDep) -> JSONResponse:
    """Start an incremental re-index in the background (one at a time)."""
    job: ReindexJob = request.app.state.reindex_job
    if not job.start(request.app.state.settings, assistant):
        raise HTTPException(409, "a re-index is already running")
    return JSONResponse({"status": "started"}, status_code=202)


@router.get("/status", response_model=Status)
def status(request: Request, assistant: AssistantDep) -> Status:
    """Index version, document and chunk counts, last build time and errors."""
    info = assistant.index.info()
    job: ReindexJob = request.app.state.reindex_job
    return Status(
        index_version=info.version if info else None,
        documents=len(info.doc_hashes) if info else 0,
        chunks=info.chunk_count if info else 0,
        built_at=info.built_at if info else None,
        build_errors=info.errors if info else [],
        reindex_running=job.running,
        last_reindex=job.last,
    )
