"""FastAPI dependencies: the app's settings, its one `Assistant`, its conversation store, its
re-index job and its Slack client, the staff console's store and evaluation job, all made once
at start-up and kept on `app.state`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from slack_sdk import WebClient

from assistant.chat.conversations import Conversations, ConversationStore, EventLedger
from assistant.chat.staff_store import StaffStore
from assistant.config import Settings
from assistant.pipeline import Assistant

from .jobs import BackgroundJob
from .middleware import FailedAuthentications
from .reindex import ReindexJob


def app_state(name: str) -> Callable[[Request], Any]:
    """A dependency giving what the app keeps on `app.state` under `name`."""

    def get(request: Request) -> Any:
        return getattr(request.app.state, name)

    get.__name__ = f"get_{name}"
    return get


get_app_settings = app_state("settings")


def get_conversations(request: Request) -> Conversations:
    """Asking inside conversations, with the app's assistant and store."""
    return Conversations(request.app.state.assistant, request.app.state.store)


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ReindexJobDep = Annotated[ReindexJob, Depends(app_state("reindex_job"))]
AuthFailuresDep = Annotated[FailedAuthentications, Depends(app_state("auth_failures"))]
SlackClientDep = Annotated[WebClient | None, Depends(app_state("slack_client"))]
AssistantDep = Annotated[Assistant, Depends(app_state("assistant"))]
StoreDep = Annotated[ConversationStore, Depends(app_state("store"))]
# where handled Slack deliveries are noted: the app's store
EventLedgerDep = Annotated[EventLedger, Depends(app_state("store"))]
ConversationsDep = Annotated[Conversations, Depends(get_conversations)]
StaffStoreDep = Annotated[StaffStore, Depends(app_state("staff_store"))]
EvalJobDep = Annotated[BackgroundJob, Depends(app_state("eval_job"))]
