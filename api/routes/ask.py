"""POST /v1/ask: a question in, a cited answer out."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from assistant.schemas import Answer

from ..deps import AssistantDep
from ..schemas import AskRequest

router = APIRouter(prefix="/v1", tags=["ask"])


@router.post("/ask", response_model=Answer)
async def ask(body: AskRequest, assistant: AssistantDep) -> Answer:
    """Answer a question with verified citations (or say why not, in `status`)."""
    return await run_in_threadpool(assistant.ask, body.question, body.top_k)
