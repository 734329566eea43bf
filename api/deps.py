"""FastAPI dependencies: the app's one `Assistant` and its conversation store."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.chat.conversations import Conversations, ConversationStore
from assistant.pipeline import Assistant


def get_assistant(request: Request) -> Assistant:
    """The assistant built at start-up."""
    assistant: Assistant = request.app.state.assistant
    return assistant


def get_store(request: Request) -> ConversationStore:
    """The conversation and feedback store opened at start-up."""
    store: ConversationStore = request.app.state.store
    return store


def get_conversations(request: Request) -> Conversations:
    """Asking inside conversations, with the app's assistant and store."""
    return Conversations(get_assistant(request), get_store(request))


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
StoreDep = Annotated[ConversationStore, Depends(get_store)]
ConversationsDep = Annotated[Conversations, Depends(get_conversations)]
