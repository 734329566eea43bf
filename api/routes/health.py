"""GET /healthz and /readyz."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ..deps import AssistantDep
from ..schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(assistant: AssistantDep) -> Health | JSONResponse:
    """Ready once an index version is loaded."""
    if not assistant.ready:
        assistant.refresh()
    if not assistant.ready:
        return JSONResponse(Health(status="not ready").model_dump(), status_code=503)
    return Health(status="ready", index_version=assistant.loaded.version)
