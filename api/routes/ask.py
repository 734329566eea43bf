"""POST /v1/ask: a question in, a cited answer out."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from assistant.schemas import Answer

from ..deps import ConversationsDep
from ..errors import error_responses
from ..schemas import AskRequest

router = APIRouter(
    prefix="/v1", tags=["ask"], responses=error_responses(400, 401, 403, 404, 413, 422, 429, 503)
)


@router.post("/ask", response_model=Answer)
async def ask(body: AskRequest, conversations: ConversationsDep) -> Answer:
    """Answer a question with verified citations (or say why not, in `status`).

    With a `conversation_id` the question continues that conversation (a follow-up is rewritten
    from the earlier questions, see `query`); without one a new conversation is started.
    """
    return await run_in_threadpool(
        conversations.ask, body.question, body.conversation_id, body.top_k
    )
