"""GET /v1/conversations/{id}: the turns of a conversation (conversations are never listed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool

from ..deps import StoreDep
from ..errors import error_responses
from ..schemas import NO_NULL, ConversationOut, TurnOut

router = APIRouter(
    prefix="/v1/conversations", tags=["conversations"],
    responses=error_responses(401, 403, 404, 422, 429, 503),
)


@router.get("/{conversation_id}", response_model=ConversationOut)
async def get_conversation(
    conversation_id: Annotated[str, Path(max_length=128, pattern=NO_NULL)], store: StoreDep
) -> ConversationOut:
    """The conversation's questions and answers, oldest first; 404 when unknown or expired."""
    found = await run_in_threadpool(store.get_conversation, conversation_id)
    return ConversationOut(
        conversation_id=found.conversation_id,
        expires_at=found.expires_at,
        turns=[TurnOut.model_validate(turn, from_attributes=True) for turn in found.turns],
    )
