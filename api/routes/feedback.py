"""POST /v1/feedback: a thumbs up or down (and a comment) on an answer given."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from ..deps import StoreDep
from ..errors import error_responses
from ..schemas import FeedbackOut, FeedbackRequest

router = APIRouter(
    prefix="/v1", tags=["feedback"],
    responses=error_responses(400, 401, 403, 404, 413, 422, 429, 503),
)


@router.post("/feedback", response_model=FeedbackOut)
async def give_feedback(body: FeedbackRequest, store: StoreDep) -> FeedbackOut:
    """Rate an answer by its `answer_id`; a second rating replaces the first; 404 if unknown."""
    stored = await run_in_threadpool(store.rate_answer, body.answer_id, body.rating, body.comment)
    return FeedbackOut(
        answer_id=stored.answer_id, rating=stored.rating, comment=stored.comment,
        rated_at=stored.rated_at,
    )
