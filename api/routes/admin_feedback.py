"""The feedback inbox and the staff cases: rated answers, the corpus searched for the passage
that should have been cited, and evaluation cases made from them."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.chat.conversations import Rating
from assistant.chat.staff_store import FeedbackFilter, Outcome, StaffStore
from assistant.pipeline import Assistant, validate_question
from assistant.schemas import Status
from assistant.text import sentence_spans
from evals.check_cases import CATEGORIES
from evals.staff_cases import CaseProblem, as_jsonl, evidence_at, make_case

from ..deps import AssistantDep, StaffStoreDep
from ..errors import error_responses
from ..schemas import NO_NULL
from ..staff.auth import StaffDep
from .admin import admin_router

log = logging.getLogger("api.staff")
router = admin_router()
PASSAGES_SHOWN = 8  # passages a corpus search offers to choose from: a screenful
MAX_OFFSET = 1_000_000  # pages deep into the inbox; beyond it, numbers the database cannot hold
Category = Literal[tuple(sorted(CATEGORIES - {"follow-up"}))]  # type: ignore[valid-type]


class Review(BaseModel):
    """What staff made of a rated answer."""

    outcome: Outcome
    case_id: str | None
    reviewer: str
    reviewed_at: datetime


class FeedbackItem(BaseModel):
    """A rated answer: the question, the earlier questions, the answer, its citations, the
    reader's rating and comment, and its review."""

    answer_id: str
    rating: Rating
    comment: str | None
    rated_at: datetime
    question: str
    history: list[str]
    query: str
    status: str
    answer: str
    citations: list[dict[str, Any]]
    review: Review | None


class Inbox(BaseModel):
    """Rated answers, thumbs-down first, newest first within each."""

    items: list[FeedbackItem]


class PassageRef(BaseModel):
    """A span of an indexed document: the passage (or sentence) that should have been cited."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str = Field(min_length=1, max_length=500, pattern=NO_NULL)
    start: int = Field(ge=0)
    end: int = Field(ge=1)


class CaseRequest(BaseModel):
    """Turn a rated answer into an evaluation case, or mark it as a content gap."""

    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(min_length=1, max_length=64, pattern=NO_NULL)
    action: Literal["evidence", "decline", "needs_document"]
    passage: PassageRef | None = Field(None, description="Needed for action 'evidence'.")
    category: Category | None = Field(  # type: ignore[valid-type]
        None, description="Of a standalone question; one with history is a follow-up case.")


class CaseMade(BaseModel):
    """The case made (none for a content gap) and the review noted."""

    case: dict[str, Any] | None
    outcome: Outcome


class StaffCase(BaseModel):
    """A staff case with who wrote it, when, and from which rated answer."""

    case: dict[str, Any]
    author: str
    answer_id: str | None
    created_at: datetime


class Sentence(BaseModel):
    """A sentence of a passage, by its offsets in the document."""

    start: int
    end: int
    text: str


class FoundPassage(BaseModel):
    """A passage of the index in use, with its sentences to choose from."""

    doc_id: str
    title: str
    section: str | None
    text: str
    start: int
    end: int
    sentences: list[Sentence]


def inbox_view(store: StaffStore, where: FeedbackFilter) -> Inbox:
    """What the inbox page and GET /v1/admin/feedback show."""
    return Inbox(items=[FeedbackItem.model_validate(item) for item in store.feedback(where)])


DAY = r"^\d{4}-\d{2}-\d{2}$"  # YYYY-MM-DD, as a browser's date field sends it


@router.get("/feedback", response_model=Inbox, responses=error_responses(503))
def list_feedback(
    store: StaffStoreDep,
    rating: Rating | None = None, status: Status | None = None,
    since: Annotated[str | None, Query(pattern=DAY, description="Rated on or after this day "
                                                                "(UTC), YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(pattern=DAY, description="Rated on or before this day "
                                                                "(UTC), YYYY-MM-DD")] = None,
    reviewed: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Inbox:
    """Rated answers, thumbs-down first, filtered by rating, status, day and review."""
    where = feedback_filter(rating and rating.value, status and status.value, since, until,
                            reviewed, limit, offset)
    return inbox_view(store, where)


def feedback_filter(rating: str | None, status: str | None, since: str | None,
                    until: str | None, reviewed: bool | None, limit: int = 50,
                    offset: int = 0) -> FeedbackFilter:
    """The store's filter from the inbox's parameters (days are whole UTC days; blank is
    none); 422 for a day that is not one."""
    def day(text: str | None, shift: int = 0) -> datetime | None:
        if not text:
            return None
        try:
            return datetime.combine(date.fromisoformat(text) + timedelta(days=shift), time.min,
                                    tzinfo=UTC)
        except ValueError as error:
            raise HTTPException(422, f"{text!r} is not a day (YYYY-MM-DD)") from error

    return FeedbackFilter(rating or None, status or None, day(since), day(until, 1), reviewed,
                          limit, offset)


@router.get("/passages", response_model=list[FoundPassage], responses=error_responses(503))
def search_passages(
    assistant: AssistantDep, q: Annotated[str, Query(min_length=1, max_length=2000)],
) -> list[FoundPassage]:
    """The passages of the index in use that best match `q`, to pick the one to cite."""
    return find_passages(assistant, q)


def find_passages(assistant: Assistant, q: str) -> list[FoundPassage]:
    """The best passages for `q`, each with its sentences' offsets in its document."""
    found = assistant.retrieve(validate_question(q), PASSAGES_SHOWN).passages
    return [FoundPassage(
        doc_id=p.chunk.doc_id, title=p.chunk.title, section=p.chunk.section, text=p.chunk.text,
        start=p.chunk.start, end=p.chunk.end,
        sentences=[Sentence(start=p.chunk.start + a, end=p.chunk.start + b,
                            text=p.chunk.text[a:b]) for a, b in sentence_spans(p.chunk.text)],
    ) for p in found]


@router.post("/cases", status_code=201, response_model=CaseMade,
             responses=error_responses(404, 503))
def create_case(body: CaseRequest, staff: StaffDep, store: StaffStoreDep,
                assistant: AssistantDep) -> CaseMade:
    """From a rated answer: a case citing the chosen passage (its words taken from the index and
    checked), a case the assistant should decline, or a content gap (no case)."""
    rated = store.rated_answer(body.answer_id)
    if rated is None:
        raise HTTPException(404, "no rated answer has this id")
    if body.action == "needs_document":
        store.mark(body.answer_id, Outcome.needs_document, staff.name)
        return CaseMade(case=None, outcome=Outcome.needs_document)
    documents = assistant.loaded.documents
    try:
        evidence = None
        if body.action == "evidence":
            if body.passage is None:
                raise CaseProblem("choose the passage that should have been cited")
            ref = body.passage
            evidence = [evidence_at(documents, ref.doc_id, ref.start, ref.end)]
        case = make_case(rated, evidence, body.category, staff.name, store.case_ids(), documents)
    except CaseProblem as problem:
        raise HTTPException(422, str(problem)) from problem
    outcome = Outcome.case if evidence is not None else Outcome.decline
    store.add_case(case, staff.name, body.answer_id, outcome)
    log.info("staff case made", extra={"staff": staff.name, "case_id": case["id"]})
    return CaseMade(case=case, outcome=outcome)


@router.get("/cases", response_model=list[StaffCase],
            responses={200: {"content": {"application/x-ndjson": {}}}, **error_responses(503)})
def list_cases(
    store: StaffStoreDep,
    format: Annotated[Literal["json", "jsonl"], Query(
        description="jsonl: the cases alone, as lines for evals/cases.jsonl")] = "json",
) -> Any:
    """The staff cases with their authors; as JSONL in the evals/cases.jsonl format."""
    cases = store.cases()
    if format == "jsonl":
        return PlainTextResponse(as_jsonl(c["case"] for c in cases),
                                 media_type="application/x-ndjson",
                                 headers={"Content-Disposition": "attachment; "
                                          'filename="staff-cases.jsonl"'})
    return [StaffCase.model_validate(c) for c in cases]
