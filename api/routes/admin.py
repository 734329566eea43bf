"""Admin routes (present only when COMPACT_ADMIN_KEY is set): re-index, status."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..deps import AssistantDep, AuthFailuresDep, ReindexJobDep, SettingsDep
from ..errors import error_responses
from ..middleware import client_address


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
    request: Request, settings: SettingsDep, failures: AuthFailuresDep,
    x_admin_key: Annotated[str | None, Header()] = None,
) -> None:
    """401 unless the request carries the admin key; 429 for a client past its wrong keys."""
    address = client_address(request.scope)
    held_back = failures.wait(address)
    if held_back is not None:
        raise HTTPException(429, f"too many wrong keys: try again in {held_back} s",
                            {"Retry-After": str(held_back)})
    expected = settings.admin_key
    given = x_admin_key or _bearer(request.headers.get("authorization", ""))
    if expected is None or not given or not hmac.compare_digest(
        given.encode(), expected.get_secret_value().encode()
    ):
        failures.record(address)
        raise HTTPException(401, "a valid admin key is required", {"WWW-Authenticate": "Bearer"})


def _bearer(authorization: str) -> str | None:
    return authorization[7:].strip() if authorization.lower().startswith("bearer ") else None


router = APIRouter(
    prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_admin)],
    responses=error_responses(401, 422, 429),
)


@router.post("/reindex", status_code=202, responses=error_responses(409))
def reindex(settings: SettingsDep, assistant: AssistantDep, job: ReindexJobDep) -> JSONResponse:
    """Start an incremental re-index in the background (one at a time)."""
    if not job.start(settings, assistant):
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
        last_reindex=job.last,
    )
