"""POST /slack/commands, /slack/events, /slack/interactions: the Slack bot, signed requests only.

Mounted only when SLACK_SIGNING_SECRET is set. Every request must carry Slack's signature of its
body, made within five minutes, or it gets 401 and nothing is done.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, BackgroundTasks, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from assistant.chat.conversations import Conversations, EventLedger
from assistant.config import Settings
from assistant.errors import AnswerNotFoundError, AssistantError, DatabaseUnavailableError
from assistant.schemas import Answer

from ..deps import (
    ConversationsDep,
    EventLedgerDep,
    SettingsDep,
    SlackClientDep,
    StoreDep,
    get_app_settings,
)
from ..errors import error_body
from ..slack.blocks import (
    USAGE,
    WORKING,
    Message,
    answer_message,
    problem_message,
    text_message,
    thanked_message,
)
from ..slack.bot import SlackResponder, feedback_click, incoming, respond
from ..slack.text import parse_command

router = APIRouter(prefix="/slack", tags=["slack"], include_in_schema=False)
log = logging.getLogger(__name__)

COMMAND_BUDGET_SECONDS = 2.5  # Slack shows an error when a slash command takes over 3 s
SLACK_API_TIMEOUT_SECONDS = 10  # one chat.postMessage; a reply that slow is better dropped
NOT_RATED = "That answer is no longer on record, so it cannot be rated."
NOT_SAVED = "Your rating could not be saved just now; please try again later."


@router.post("/commands")
async def command(
    request: Request, background: BackgroundTasks, conversations: ConversationsDep
) -> Response:
    """The `/compact` slash command: the answer in Block Kit, ephemeral unless `--share`."""
    body = await signed_body(request)
    if body is None:
        return unauthorized()
    form = dict(parse_qsl(body.decode(), keep_blank_values=True))
    if form.get("ssl_check"):
        return Response()
    question, share = parse_command(form.get("text", ""))
    if not question:
        return JSONResponse({"response_type": "ephemeral", **text_message(USAGE)})
    visibility = "in_channel" if share else "ephemeral"
    answering = asyncio.ensure_future(run_in_threadpool(conversations.ask, question))
    budget = getattr(request.app.state, "slack_command_budget", COMMAND_BUDGET_SECONDS)
    done, _ = await asyncio.wait({answering}, timeout=budget)
    if answering in done:
        return JSONResponse({"response_type": visibility, **outcome(answering)})
    background.add_task(reply_later, answering, form.get("response_url", ""), visibility)
    return JSONResponse({"response_type": "ephemeral", **text_message(WORKING)})


@router.post("/events")
async def events(
    request: Request, background: BackgroundTasks, conversations: ConversationsDep,
    settings: SettingsDep, client: SlackClientDep, ledger: EventLedgerDep,
) -> Response:
    """The Events API: the URL check, and mentions and direct messages answered in threads."""
    body = await signed_body(request)
    if body is None:
        return unauthorized()
    envelope = _json_object(body.decode())
    if envelope.get("type") == "url_verification":
        return JSONResponse({"challenge": str(envelope.get("challenge", ""))})
    message = incoming(envelope)
    responder = _responder(settings, client, conversations, ledger)
    if message is not None and responder is not None:
        if await run_in_threadpool(responder.accept, message):  # retries are claimed already
            background.add_task(responder.reply, message)
    return Response()


@router.post("/interactions")
async def interactions(request: Request, background: BackgroundTasks, store: StoreDep) -> Response:
    """The feedback buttons: the rating is stored and the message thanks the user."""
    body = await signed_body(request)
    if body is None:
        return unauthorized()
    form = dict(parse_qsl(body.decode(), keep_blank_values=True))
    click = feedback_click(_json_object(form.get("payload", "")))
    if click is None:
        return Response()
    try:
        await run_in_threadpool(store.rate_answer, click.answer_id, click.rating)
        update = thanked_message(click.blocks, click.rating)
    except (AnswerNotFoundError, DatabaseUnavailableError) as error:
        note = NOT_RATED if isinstance(error, AnswerNotFoundError) else NOT_SAVED
        update = {"replace_original": False, "response_type": "ephemeral", **text_message(note)}
    background.add_task(respond, click.response_url, update)
    return Response()


async def signed_body(request: Request) -> bytes | None:
    """The raw body when Slack's signature checks out and is under five minutes old."""
    body = await request.body()
    secret = get_app_settings(request).slack_signing_secret
    if secret is None:
        return None
    try:
        valid = SignatureVerifier(secret.get_secret_value()).is_valid_request(
            body, dict(request.headers))
    except ValueError:  # a timestamp that is not a number, a body that is not UTF-8
        valid = False
    return body if valid else None


def unauthorized() -> JSONResponse:
    """401 in the API's error shape."""
    return JSONResponse(error_body(
        "invalid_signature", "missing or invalid Slack signature, or a stale timestamp"),
        status_code=401)


def outcome(answering: asyncio.Future[Answer]) -> Message:
    """The message for a finished answer, or for the error that stopped it."""
    error = answering.exception()
    if error is None:
        return answer_message(answering.result(), show_question=True)
    if not isinstance(error, AssistantError):
        log.error("could not answer a slash command", exc_info=error)
    return problem_message(error)


async def reply_later(
    answering: asyncio.Future[Answer], response_url: str, visibility: str
) -> None:
    """Send an answer that took longer than Slack waits to the command's `response_url`."""
    await asyncio.wait({answering})
    message = {"response_type": visibility, "replace_original": visibility == "ephemeral",
               **outcome(answering)}
    await run_in_threadpool(respond, response_url, message)


def _responder(
    settings: Settings, client: WebClient | None, conversations: Conversations,
    ledger: EventLedger,
) -> SlackResponder | None:
    if client is None or settings.slack_signing_secret is None:
        log.warning("a Slack event arrived but SLACK_BOT_TOKEN is not set: not answered")
        return None
    return SlackResponder(conversations, ledger, client,
                          settings.slack_signing_secret.get_secret_value())


def slack_client(settings: Settings) -> WebClient | None:
    """The Web API client the app answers events with (one per app); None without a token."""
    if settings.slack_bot_token is None:
        return None
    return WebClient(token=settings.slack_bot_token.get_secret_value(),
                     base_url=settings.slack_api_url, timeout=SLACK_API_TIMEOUT_SECONDS)


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
