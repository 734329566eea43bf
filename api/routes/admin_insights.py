"""Insights: questions per day by outcome, and declined questions grouped by meaning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel

from assistant.chat.insights import (
    DECLINED,
    MAX_GROUPED_QUESTIONS,
    daily_counts,
    group_similar,
    shares,
)
from assistant.chat.staff_store import StaffStore
from assistant.pipeline import Assistant

from ..deps import AssistantDep, StaffStoreDep
from ..errors import error_responses
from .admin import admin_router

router = admin_router()
DEFAULT_DAYS = 30


class Day(BaseModel):
    """Questions asked on one day (UTC), by status."""

    date: str
    total: int
    answered: int
    not_found: int
    out_of_scope: int


class GapGroup(BaseModel):
    """Declined questions asking much the same thing."""

    question: str
    count: int
    examples: list[str]


class MarkedGap(BaseModel):
    """A question staff marked "wrong corpus: needs a document"."""

    question: str
    reviewer: str
    reviewed_at: datetime


class Insights(BaseModel):
    """Questions per day and the share of each status; the content gaps."""

    days: list[Day]
    shares: dict[str, float]
    declined_groups: list[GapGroup]
    marked_gaps: list[MarkedGap]


def insights_view(store: StaffStore, assistant: Assistant, days: int) -> Insights:
    """What the insights page and GET /v1/admin/insights show."""
    today = datetime.now(UTC).date()
    since = datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), tzinfo=UTC)
    asked = store.answers_since(since)
    daily = daily_counts([(at, status) for at, status, _ in asked], days, today)
    declined = [q for _, status, q in asked if status in DECLINED][-MAX_GROUPED_QUESTIONS:]
    groups = group_similar(declined, assistant.embedder.embed_documents)
    return Insights(
        days=[Day.model_validate(row) for row in daily], shares=shares(daily),
        declined_groups=[GapGroup(question=g.question, count=g.count, examples=g.examples)
                         for g in groups],
        marked_gaps=[MarkedGap.model_validate(gap) for gap in store.content_gaps()],
    )


@router.get("/insights", response_model=Insights, responses=error_responses(503))
def insights(store: StaffStoreDep, assistant: AssistantDep,
             days: Annotated[int, Query(ge=1, le=366)] = DEFAULT_DAYS) -> Insights:
    """Questions per day with the share answered, not found and out of scope; the most
    frequent declined questions grouped by meaning; the questions marked as needing a
    document."""
    return insights_view(store, assistant, days)
