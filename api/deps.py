"""FastAPI dependencies: the one `Assistant` of the app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.pipeline import Assistant


def get_assistant(request: Request) -> Assistant:
    """The assistant built at start-up."""
    assistant: Assistant = request.app.state.assistant
    return assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
