"""Request and response bodies of the HTTP API (answers reuse the library's `Answer`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.chat.conversations import Rating
from assistant.pipeline import MAX_QUESTION_CHARS
from assistant.schemas import Citation

NO_NULL = r"^[^\x00]*$"  # PostgreSQL text cannot hold a null character


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, pattern=NO_NULL,
        examples=["Why should a PCC use the Compact?"],
        description="Trimmed before its length is checked.",
    )
    top_k: int | None = Field(
        None, ge=1, le=20, strict=True, description="Passages to retrieve (an integer, not true)."
    )
    conversation_id: str | None = Field(None, max_length=64, pattern=NO_NULL)

    @field_validator("question", mode="before")
    @classmethod
    def _trimmed(cls, question: object) -> object:
        if isinstance(question, str) and question and not question.strip():
            raise ValueError("the question is empty")
        return question.strip() if isinstance(question, str) else question


class Health(BaseModel):
    """Liveness and readiness."""

    status: str
    index_version: str | None = None


class ErrorDetail(BaseModel):
    """What went wrong: a stable code for programs and a sentence for people."""

    code: str = Field(examples=["conversation_not_found"])
    message: str


class ErrorBody(BaseModel):
    """The one shape of every error response."""

    error: ErrorDetail


class FeedbackRequest(BaseModel):
    """A reader's rating of an answer they were given."""

    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(min_length=1, max_length=64, pattern=NO_NULL)
    rating: Rating
    comment: str | None = Field(None, max_length=2000, pattern=NO_NULL)


class FeedbackOut(BaseModel):
    """The rating as stored (a later rating of the same answer replaces it)."""

    answer_id: str
    rating: Rating
    comment: str | None
    rated_at: datetime


class TurnOut(BaseModel):
    """One question of a conversation and the answer it got."""

    answer_id: str
    question: str
    query: str
    status: str
    answer: str
    citations: list[Citation]
    asked_at: datetime


class ConversationOut(BaseModel):
    """A conversation's turns, oldest first."""

    conversation_id: str
    expires_at: datetime
    turns: list[TurnOut]
