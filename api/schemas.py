"""Request bodies of the HTTP API (responses reuse the library's `Answer`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.pipeline import MAX_QUESTION_CHARS


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS,
        examples=["Why should a PCC use the Compact?"],
    )
    top_k: int | None = Field(None, ge=1, le=20, description="Passages to retrieve.")
    conversation_id: str | None = Field(None, max_length=64)

    @field_validator("question")
    @classmethod
    def _not_blank(cls, question: str) -> str:
        if not question.strip():
            raise ValueError("the question is empty")
        return question.strip()


class Health(BaseModel):
    """Liveness and readiness."""

    status: str
    index_version: str | None = None
