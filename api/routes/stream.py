"""POST /v1/ask/stream: the answer as server-sent events (citations, delta..., done | error)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from assistant.chat.streaming import Event, token_events
from assistant.errors import AssistantError
from assistant.schemas import Answer

from ..deps import ConversationsDep
from ..errors import error_body, error_responses
from ..schemas import AskRequest

router = APIRouter(
    prefix="/v1", tags=["ask"], responses=error_responses(400, 401, 403, 404, 413, 422, 429, 503)
)
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def server_sent(event: Event) -> str:
    """One event in the text/event-stream format."""
    return f"event: {event.name}\ndata: {json.dumps(event.data, ensure_ascii=False)}\n\n"


@router.post(
    "/ask/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}},
                     "description": "`citations`, then `delta` events, then `done` (or `error`)."}},
)
async def ask_stream(body: AskRequest, conversations: ConversationsDep) -> StreamingResponse:
    """Like POST /v1/ask, streamed; a bad request or unknown conversation is an HTTP error."""
    conversation_id, history = await run_in_threadpool(conversations.open, body.conversation_id)

    def answer(on_token: Callable[[str], None]) -> Answer:
        return conversations.answer(
            body.question, conversation_id, history, body.top_k, on_token=on_token
        )

    def events() -> Iterator[str]:  # a plain iterator: Starlette reads it in a worker thread
        for event in token_events(answer, _error_event, conversation_id):
            yield server_sent(event)

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)


def _error_event(error: AssistantError) -> Event:
    """The event that ends a failed stream: the API's error body."""
    return Event("error", error_body(error.code, str(error)))
