"""FastAPI dependencies: the app's settings, its one `Assistant`, its conversation store, its
re-index job and its Slack client, all made once at start-up."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from slack_sdk import WebClient

from assistant.chat.conversations import Conversations, ConversationStore, EventLedger
from assistant.config import Settings
from assistant.pipeline import Assistant

from .reindex import ReindexJob


def get_app_settings(request: Request) -> Settings:
    """The settings the app was made with."""
    settings: Settings = request.app.state.settings
    return settings


def get_reindex_job(request: Request) -> ReindexJob:
    """The app's one re-index job (present when admin routes are)."""
    job: ReindexJob = request.app.state.reindex_job
    return job


def get_slack_client(request: Request) -> WebClient | None:
    """The Slack Web API client, made once; None without a bot token."""
    client: WebClient | None = request.app.state.slack_client
    return client


def get_assistant(request: Request) -> Assistant:
    """The assistant built at start-up."""
    assistant: Assistant = request.app.state.assistant
    return assistant


def get_store(request: Request) -> ConversationStore:
    """The conversation and feedback store opened at start-up."""
    store: ConversationStore = request.app.state.store
    return store


def get_event_ledger(request: Request) -> EventLedger:
    """Where handled Slack deliveries are noted: the app's store."""
    ledger: EventLedger = request.app.state.store
    return ledger


def get_conversations(request: Request) -> Conversations:
    """Asking inside conversations, with the app's assistant and store."""
    return Conversations(get_assistant(request), get_store(request))


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ReindexJobDep = Annotated[ReindexJob, Depends(get_reindex_job)]
SlackClientDep = Annotated[WebClient | None, Depends(get_slack_client)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
StoreDep = Annotated[ConversationStore, Depends(get_store)]
EventLedgerDep = Annotated[EventLedger, Depends(get_event_ledger)]
ConversationsDep = Annotated[Conversations, Depends(get_conversations)]
