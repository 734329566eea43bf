"""Conversations: the store interface, its records, and asking a question inside a conversation.

The API, the command line and (later) a Slack bot share one `ConversationStore`: conversations
with their turns, every answer given, and the rating a reader gave it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from assistant.errors import ConversationNotFoundError, DatabaseUnavailableError
from assistant.schemas import Answer


def new_conversation_id() -> str:
    """A random, unguessable conversation id."""
    return secrets.token_urlsafe(24)


class Asker(Protocol):
    """What a conversation asks its questions of (the pipeline's `Assistant`)."""

    def ask(
        self, question: str, top_k: int | None = None, query: str | None = None,
        history: list[str] | None = None, on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        """The answer to `question`, after the earlier questions in `history`."""
        ...


class Rating(StrEnum):
    """A reader's verdict on an answer."""

    up = "up"
    down = "down"


@dataclass(frozen=True)
class Turn:
    """One question of a conversation with the answer it got."""

    answer_id: str
    question: str
    query: str
    status: str
    answer: str
    citations: list[dict[str, Any]]
    asked_at: datetime


@dataclass(frozen=True)
class Conversation:
    """A conversation's turns, oldest first, and when it expires."""

    conversation_id: str
    turns: list[Turn]
    expires_at: datetime


@dataclass(frozen=True)
class Feedback:
    """A rating of a recorded answer, with the answer it rates."""

    answer_id: str
    rating: Rating
    comment: str | None
    rated_at: datetime
    question: str = ""
    query: str = ""
    status: str = ""
    answer: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)
    history: list[str] = field(default_factory=list)

    def to_case(self) -> dict[str, Any]:
        """The JSON line staff turn into an evaluation case."""
        return {
            "answer_id": self.answer_id, "rating": self.rating.value, "comment": self.comment,
            "question": self.question, "history": self.history, "query": self.query,
            "status": self.status, "answer": self.answer, "citations": self.citations,
            "rated_at": self.rated_at.isoformat(),
        }


class ConversationStore(Protocol):
    """Where conversations, answers and feedback are kept (SQLite, PostgreSQL...)."""

    def create_conversation(self, conversation_id: str | None = None) -> str:
        """A new, empty conversation; a random id unless one is given (a Slack thread)."""
        ...

    def get_conversation(self, conversation_id: str) -> Conversation:
        """The conversation; ConversationNotFoundError when unknown or expired."""
        ...

    def append_turn(self, conversation_id: str, answer_id: str) -> None:
        """Add a recorded answer as the conversation's latest turn (oldest turns beyond the
        limit are dropped)."""
        ...

    def record_answer(self, answer: Answer, history: Sequence[str] = ()) -> None:
        """Keep an answer given, so that it can be rated later."""
        ...

    def record_turn(self, answer: Answer, history: Sequence[str] = (), start: bool = False
                    ) -> None:
        """Keep the answer and append it to its conversation in one transaction (`start`:
        create the conversation first)."""
        ...

    def rate_answer(self, answer_id: str, rating: Rating, comment: str | None = None) -> Feedback:
        """Store (or replace) the rating of an answer; AnswerNotFoundError when unknown."""
        ...

    def export_feedback(self, rating: Rating | None = None) -> Iterator[Feedback]:
        """Every rating with its answer, oldest first, optionally only one kind."""
        ...

    def purge(self, before: datetime) -> int:
        """Delete answers recorded before `before`, with their ratings; how many went."""
        ...

    def close(self) -> None:
        """Release the connections."""
        ...


class EventLedger(Protocol):
    """Delivery ids already handled (a Slack event is delivered again when a reply is slow),
    kept where every replica sees them (the SQL store keeps them too)."""

    def claim_event(self, event_id: str) -> bool:
        """Note a delivery id; True the first time, False when seen before."""
        ...


class Conversations:
    """Asks questions inside conversations: follow-ups rewritten, turns and answers recorded."""

    def __init__(self, assistant: Asker, store: ConversationStore) -> None:
        self.assistant = assistant
        self.store = store

    def open(self, conversation_id: str | None) -> tuple[str | None, list[str]]:
        """The conversation's id and earlier questions (a new conversation when id is None)."""
        try:
            if conversation_id is None:
                return self.store.create_conversation(), []
            turns = self.store.get_conversation(conversation_id).turns
        except DatabaseUnavailableError:
            # Answering matters more than remembering: the question is answered on its own.
            return conversation_id, []
        return conversation_id, [turn.question for turn in turns]

    def answer(
        self, question: str, conversation_id: str | None, history: list[str],
        top_k: int | None = None, on_token: Callable[[str], None] | None = None,
        start: bool = False,
    ) -> Answer:
        """Answer a question of an opened conversation and record it as its next turn
        (`start`: the conversation is created with it, in the same transaction)."""
        answer = self.assistant.ask(question, top_k=top_k, history=history, on_token=on_token)
        answer = answer.model_copy(update={"conversation_id": conversation_id})
        saved = self._record(answer, history, start)
        if start and not saved:  # the conversation was never stored: there is none to continue
            answer = answer.model_copy(update={"conversation_id": None})
        return answer.model_copy(update={"saved": saved})

    def _record(self, answer: Answer, history: list[str], start: bool) -> bool:
        """Record the answer as its conversation's next turn; False when that cannot be done."""
        if answer.conversation_id is None:
            return False
        try:
            self.store.record_turn(answer, history, start=start)
        except DatabaseUnavailableError:
            return False
        return True

    def ask(
        self, question: str, conversation_id: str | None = None, top_k: int | None = None
    ) -> Answer:
        """Answer the question in the conversation, or in a new one (stored with its first
        turn, in one transaction)."""
        if conversation_id is None:
            return self.answer(question, new_conversation_id(), [], top_k, start=True)
        conversation_id, history = self.open(conversation_id)
        return self.answer(question, conversation_id, history, top_k)

    def ask_in(self, conversation_id: str, question: str, top_k: int | None = None) -> Answer:
        """Answer in the conversation with this chosen id (a Slack thread), started if unknown."""
        try:
            opened, history = self.open(conversation_id)
        except ConversationNotFoundError:
            opened, history = self._start(conversation_id), []
        return self.answer(question, opened, history, top_k)

    def _start(self, conversation_id: str) -> str | None:
        try:
            return self.store.create_conversation(conversation_id)
        except DatabaseUnavailableError:
            return None
