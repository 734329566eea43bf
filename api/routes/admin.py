"""Admin routes (present only when COMPACT_ADMIN_KEY or COMPACT_STAFF_KEYS is set): re-index,
status. Every /v1/admin route takes a staff key in a header or a console session."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..deps import AssistantDep, ReindexJobDep, SettingsDep
from ..errors import error_responses
from ..staff.auth import require_staff


class Status(BaseModel):
    """The index in use and the last re-index."""

    index_version: str | None
    documents: int
    chunks: int
    built_at: float | None
    build_errors: list[str]
    reindex_running: bool
    reindex_progress: dict[str, Any]
    last_reindex: dict[str, Any] | None


def admin_router() -> APIRouter:
    """A router under /v1/admin whose routes need a staff key or session."""
    return APIRouter(
        prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_staff)],
        responses=error_responses(400, 401, 403, 413, 422, 429),
    )


router = admin_router()


@router.post("/reindex", status_code=202, responses=error_responses(409))
def reindex(settings: SettingsDep, assistant: AssistantDep, job: ReindexJobDep) -> JSONResponse:
    """Start an incremental re-index in the background (one at a time)."""
    if not job.start_reindex(settings, assistant):
        raise HTTPException(409, "a re-index is already running")
    return JSONResponse({"status": "started"}, status_code=202)


@router.get("/status", response_model=Status)
def status(assistant: AssistantDep, job: ReindexJobDep) -> Status:
    """Index version, document and chunk counts, last build time and errors."""
    info = assistant.index.info()
    return Status(
        index_version=info.version if info else None,
        documents=len(info.doc_hashes) if info else 0,
        chunks=info.chunk_count if info else 0,
        built_at=info.built_at if info else None,
        build_errors=info.errors if info else [],
        reindex_running=job.running,
        reindex_progress=job.progress.as_dict(),
        last_reindex=job.last,
    )
