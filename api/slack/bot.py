"""The bot's side of Slack: which events to answer, answers in threads, button clicks, replies.

A thread is one conversation, so a reply in it is a follow-up. Its conversation id is an HMAC of
team, channel and thread keyed by the signing secret: the ids of the public API stay
unguessable, so nobody can read or extend a Slack thread's conversation through `/v1`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient

from assistant.chat.conversations import Conversations, EventLedger, Rating
from assistant.errors import AssistantError, ConversationNotFoundError, DatabaseUnavailableError

from .blocks import (
    FEEDBACK_ACTIONS,
    MENTION_USAGE,
    Block,
    Message,
    answer_message,
    problem_message,
    text_message,
)
from .text import plain_text

log = logging.getLogger(__name__)
MAX_ID_CHARS = 64  # a Slack id, channel or timestamp longer than this is not Slack's


@dataclass(frozen=True)
class Incoming:
    """A message the bot may answer: where it was said, its thread and its question."""

    event_id: str
    team: str
    channel: str
    ts: str
    thread_ts: str
    text: str
    follow_up_only: bool  # a plain reply in a channel thread: answered only in the bot's threads

    @property
    def keys(self) -> tuple[str, ...]:
        """Delivery ids to claim: the event (Slack's retries) and the message (two events)."""
        return f"event:{self.event_id}", f"message:{self.team}:{self.channel}:{self.ts}"

    def conversation_id(self, secret: str) -> str:
        """The id of this message's thread conversation."""
        thread = f"{self.team}:{self.channel}:{self.thread_ts}".encode()
        digest = hmac.new(secret.encode(), thread, hashlib.sha256).digest()
        return "slack-" + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def incoming(envelope: dict[str, Any]) -> Incoming | None:
    """The message an event callback asks the bot to answer, or None (bots, edits, others)."""
    event = envelope.get("event")
    if envelope.get("type") != "event_callback" or not isinstance(event, dict):
        return None
    if event.get("bot_id") or event.get("subtype") or event.get("user") == _bot_user(envelope):
        return None  # its own and other bots' messages, edits, joins...
    ids = [envelope.get("event_id"), envelope.get("team_id") or event.get("team"),
           event.get("channel"), event.get("ts")]
    if not all(isinstance(i, str) and 0 < len(i) <= MAX_ID_CHARS for i in ids):
        return None
    thread_ts = event.get("thread_ts")
    thread_ts = thread_ts if isinstance(thread_ts, str) and len(thread_ts) <= MAX_ID_CHARS else None
    kind, direct = event.get("type"), event.get("channel_type") == "im"
    if kind == "message" and not direct and (thread_ts is None or _mentions_bot(envelope)):
        return None  # top-level channel chatter; a mention comes again as app_mention
    if kind not in {"app_mention", "message"}:
        return None
    text = event.get("text")
    event_id, team, channel, ts = (str(i) for i in ids)
    follow_up_only = kind == "message" and not direct
    question = plain_text(text) if isinstance(text, str) else ""
    return Incoming(event_id, team, channel, ts, thread_ts or ts, question, follow_up_only)


def _bot_user(envelope: dict[str, Any]) -> str | None:
    authorizations = envelope.get("authorizations")
    if isinstance(authorizations, list) and authorizations and isinstance(authorizations[0], dict):
        user = authorizations[0].get("user_id")
        return user if isinstance(user, str) else None
    return None


def _mentions_bot(envelope: dict[str, Any]) -> bool:
    bot, text = _bot_user(envelope), envelope["event"].get("text")
    return bot is not None and isinstance(text, str) and f"<@{bot}" in text


class SlackResponder:
    """Answers Slack messages in their threads, each thread one conversation."""

    def __init__(
        self, conversations: Conversations, ledger: EventLedger, client: WebClient, secret: str
    ) -> None:
        self.conversations = conversations
        self.ledger = ledger
        self.client = client
        self.secret = secret

    def accept(self, message: Incoming) -> bool:
        """True when the message is to be answered: not seen before, and in a thread the bot is
        in when it is a plain reply."""
        if message.follow_up_only and not self._in_thread(message):
            return False
        try:
            return all(self.ledger.claim_event(key) for key in message.keys)
        except DatabaseUnavailableError:
            return True  # better a rare second answer to a retry than no answer at all

    def reply(self, message: Incoming) -> None:
        """Answer the message in its thread and post the answer there."""
        content = self._answer(message)
        try:
            self.client.chat_postMessage(
                channel=message.channel, thread_ts=message.thread_ts, **content)
        except (SlackApiError, SlackClientError, OSError) as error:
            log.warning("could not post to Slack", extra={"reason": str(error)[:200]})

    def _answer(self, message: Incoming) -> Message:
        if not message.text:
            return text_message(MENTION_USAGE)
        conversation_id = message.conversation_id(self.secret)
        try:
            return answer_message(self.conversations.ask_in(conversation_id, message.text))
        except AssistantError as error:  # a question too long, no index yet...
            return problem_message(error)
        except Exception as error:  # runs after the response: the user must hear of any failure
            log.exception("could not answer a Slack message")
            return problem_message(error)

    def _in_thread(self, message: Incoming) -> bool:
        try:
            self.conversations.store.get_conversation(message.conversation_id(self.secret))
        except (ConversationNotFoundError, DatabaseUnavailableError):
            return False
        return True


@dataclass(frozen=True)
class Click:
    """A feedback button pressed: the answer, the rating, and where to update the message."""

    answer_id: str
    rating: Rating
    response_url: str
    blocks: list[Block] | None


def feedback_click(payload: dict[str, Any]) -> Click | None:
    """The feedback button a `block_actions` payload reports, or None for anything else."""
    actions = payload.get("actions")
    if payload.get("type") != "block_actions" or not isinstance(actions, list):
        return None
    action = next((a for a in actions if isinstance(a, dict)
                   and a.get("action_id") in FEEDBACK_ACTIONS), None)
    response_url, value = payload.get("response_url"), (action or {}).get("value")
    if action is None or not isinstance(value, str) or not 0 < len(value) <= MAX_ID_CHARS:
        return None
    if not isinstance(response_url, str) or not response_url.startswith(("https://", "http://")):
        return None
    message = payload.get("message")
    blocks = message.get("blocks") if isinstance(message, dict) else None
    rating = FEEDBACK_ACTIONS[action["action_id"]]
    return Click(value, rating, response_url, blocks if isinstance(blocks, list) else None)


def respond(response_url: str, message: Message) -> None:
    """POST a message to a `response_url` from Slack (a failure is logged, not raised)."""
    try:
        status = WebhookClient(response_url, timeout=10).send_dict(message).status_code
    except (SlackClientError, OSError, ValueError) as error:
        log.warning("could not reply to Slack", extra={"reason": str(error)[:200]})
        return
    if status != 200:
        log.warning("Slack refused a reply", extra={"status": status})
