"""The Slack bot over HTTP: requests signed as Slack signs them, Slack's Web API on loopback."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from slack_sdk.models.blocks import Block
from sqlalchemy import select

from api.main import create_app
from api.slack.blocks import answer_message, cut_answer, escape, markers
from api.slack.text import parse_command, plain_text
from assistant.chat.conversations import Rating
from assistant.chat.database import SqlStore, answers, make_engine, seen_events
from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.schemas import Answer, Citation, Status
from benchmarks.harness import free_port, wait_until

from .conftest import LiveServer, make_settings, send_ok

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-test-token"
TEAM = "T0TEAM"
BOT = "U0BOT"
PCC = "why should a PCC use the Compact?"
LEEDS_LINK = "<https://doinggoodleeds.org.uk|Local Compacts in England (list)>"
_ts = itertools.count(1)


# --- Slack's side, on loopback ---------------------------------------------------------------


@dataclass
class Call:
    """One request the bot made to Slack."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeSlack:
    """Answers Web API calls (`{"ok": true, "ts": ...}`) and response_url posts; records each."""

    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
                is_json = "json" in (self.headers.get("content-type") or "")
                body = json.loads(raw) if is_json else dict(parse_qsl(raw))
                with fake.lock:
                    fake.calls.append(Call(self.path, dict(self.headers), body))
                reply = (json.dumps({"ok": True, "channel": body.get("channel"),
                                     "ts": f"{time.time():.6f}"}).encode()
                         if self.path.startswith("/api/") else b"ok")
                send_ok(self, reply, "application/json")

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def posts(self, thread_ts: str | None = None) -> list[Call]:
        """chat.postMessage calls so far, optionally only those in one thread."""
        with self.lock:
            return [c for c in self.calls if c.path == "/api/chat.postMessage"
                    and (thread_ts is None or c.body.get("thread_ts") == thread_ts)]

    def to(self, path: str) -> list[Call]:
        """Calls to one path (a response_url)."""
        with self.lock:
            return [c for c in self.calls if c.path == path]

    def wait(self, found: Callable[[], list[Call]], timeout: float = 30.0) -> list[Call]:
        """Poll until `found()` returns calls, or fail at the deadline."""
        wait_until(lambda: bool(found()), timeout, "Slack's expected call")
        return found()


@dataclass
class Rig:
    """The real app on loopback, wired to the fake Slack."""

    url: str
    app: FastAPI
    slack: FakeSlack
    store: SqlStore


@pytest.fixture(scope="module")
def rig(
    tmp_path_factory: pytest.TempPathFactory, built_settings: Settings, assistant: Assistant
) -> Iterator[Rig]:
    fake = FakeSlack()
    database = f"sqlite:///{tmp_path_factory.mktemp('slack')}/slack.db"
    settings = make_settings(
        built_settings.corpus_dir, built_settings.index_dir, database_url=database,
        slack_signing_secret=SECRET, slack_bot_token=TOKEN, slack_api_url=f"{fake.url}/api",
    )
    assistant.ask(PCC)  # warm the model, so the slash command tests measure answering only
    app = create_app(settings, assistant=assistant)
    with LiveServer(app) as server:
        yield Rig(server.url, app, fake, SqlStore(make_engine(database)))
    fake.server.shutdown()


# --- signed requests -------------------------------------------------------------------------


def signature(body: bytes, timestamp: int, secret: str = SECRET) -> str:
    """Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret."""
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
    return f"v0={digest.hexdigest()}"


def signed(body: bytes, age: int = 0, secret: str = SECRET) -> dict[str, str]:
    timestamp = int(time.time()) - age
    return {"X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": signature(body, timestamp, secret)}


def command(rig: Rig, text: str, response_url: str = "/response/unused") -> httpx.Response:
    body = urlencode({
        "token": "legacy", "team_id": TEAM, "channel_id": "C0CMD", "user_id": "U0HUMAN",
        "command": "/compact", "text": text, "response_url": rig.slack.url + response_url,
        "trigger_id": "1.2.3",
    }).encode()
    headers = {"content-type": "application/x-www-form-urlencoded", **signed(body)}
    return httpx.post(f"{rig.url}/slack/commands", content=body, headers=headers, timeout=10)


def send_event(rig: Rig, envelope: dict[str, Any], **headers: str) -> httpx.Response:
    body = json.dumps(envelope).encode()
    all_headers = {"content-type": "application/json", **signed(body), **headers}
    return httpx.post(f"{rig.url}/slack/events", content=body, headers=all_headers, timeout=10)


def click(rig: Rig, action_id: str, answer_id: str, response_url: str,
          blocks: list[dict[str, Any]] | None) -> httpx.Response:
    payload: dict[str, Any] = {
        "type": "block_actions", "team": {"id": TEAM}, "user": {"id": "U0HUMAN"},
        "response_url": rig.slack.url + response_url,
        "actions": [{"type": "button", "action_id": action_id, "value": answer_id,
                     "block_id": "feedback", "action_ts": "1.2"}],
    }
    if blocks is not None:
        payload["message"] = {"type": "message", "ts": "1.1", "blocks": blocks}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    headers = {"content-type": "application/x-www-form-urlencoded", **signed(body)}
    return httpx.post(f"{rig.url}/slack/interactions", content=body, headers=headers, timeout=10)


def new_ts() -> str:
    return f"{1_700_000_000 + next(_ts)}.000100"


def event(kind: str, text: str, ts: str, channel: str = "C0CHAN", **extra: Any) -> dict[str, Any]:
    """An Events API envelope around one message event."""
    body = {"type": kind, "user": "U0HUMAN", "text": text, "ts": ts, "channel": channel,
            "event_ts": ts, **extra}
    return {
        "type": "event_callback", "team_id": TEAM, "api_app_id": "A0APP", "event": body,
        "event_id": f"Ev{uuid.uuid4().hex[:12]}", "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": BOT, "is_bot": True}],
    }


def mention(text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return event("app_mention", f"<@{BOT}> {text}", ts, **extra)


def recorded(rig: Rig, answer_id: str) -> dict[str, Any]:
    with rig.store.engine.connect() as db:
        row = db.execute(select(answers).where(answers.c.answer_id == answer_id)).mappings().one()
    return dict(row)


def answer_id_of(blocks: list[dict[str, Any]]) -> str:
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    values = {e["value"] for e in actions["elements"]}
    assert len(values) == 1
    return str(values.pop())


def section_text(blocks: list[dict[str, Any]]) -> str:
    return str(next(b for b in blocks if b["type"] == "section")["text"]["text"])


def citation_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["elements"][0]["text"] for b in blocks
            if b["type"] == "context" and b["elements"][0]["text"].startswith("*[")]


def assert_valid_for_slack(blocks: list[dict[str, Any]]) -> None:
    """Slack's own SDK models accept every block (lengths, counts, shapes)."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None and parsed.type == block["type"]
        parsed.validate_json()


def sentinel(rig: Rig) -> None:
    """Send a DM and wait for its answer: work queued before it has had its turn."""
    ts = new_ts()
    assert send_event(rig, event("message", "What is a local Compact?", ts, channel="D0SENT",
                                 channel_type="im")).status_code == 200
    rig.slack.wait(lambda: rig.slack.posts(ts))


# --- settings and mounting -------------------------------------------------------------------


def test_slack_settings_use_slacks_own_names_and_fail_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "from-env")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    settings = Settings()
    assert settings.slack_signing_secret is not None and settings.slack_bot_token is not None
    assert settings.slack_signing_secret.get_secret_value() == "from-env"
    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-env"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert "from-env" not in repr(settings)
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    with pytest.raises(ValidationError, match="SLACK_BOT_TOKEN is set without SLACK_SIGNING"):
        Settings()
    monkeypatch.setenv("SLACK_SIGNING_SECRET", " ")  # blank is unset
    with pytest.raises(ValidationError, match="without SLACK_SIGNING_SECRET"):
        Settings()
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    assert Settings().slack_signing_secret is None
    assert Settings().slack_api_url == "http://127.0.0.1:9/api/"


def test_the_slack_routes_exist_only_with_a_signing_secret(live_api: str, rig: Rig) -> None:
    assert httpx.post(f"{live_api}/slack/commands", data={"text": PCC}).status_code == 404
    assert httpx.post(f"{live_api}/slack/events", json={}).status_code == 404
    assert httpx.post(f"{rig.url}/slack/events", json={}).status_code == 401


# --- signatures ------------------------------------------------------------------------------


def test_unsigned_wrongly_signed_and_stale_requests_get_401_and_nothing_is_done(rig: Rig) -> None:
    good = command(rig, PCC).json()
    answer_id = answer_id_of(good["blocks"])
    ts = new_ts()
    question = f"is there a local Compact in Leeds? {uuid.uuid4().hex}"
    bodies = {
        "/slack/commands": urlencode({"text": question, "response_url": rig.slack.url + "/r/x"}),
        "/slack/events": json.dumps(mention("is there a local Compact in Leeds?", ts)),
        "/slack/interactions": urlencode({"payload": json.dumps({
            "type": "block_actions", "response_url": rig.slack.url + "/r/bad-click",
            "actions": [{"action_id": "feedback_down", "value": answer_id}]})}),
    }
    now = int(time.time())
    for path, text in bodies.items():
        body = text.encode()
        attempts = {
            "missing": {},
            "wrong secret": signed(body, secret="not-the-secret"),
            "stale": signed(body, age=6 * 60),
            "from the future": signed(body, age=-6 * 60),
            "another body": {"X-Slack-Request-Timestamp": str(now),
                             "X-Slack-Signature": signature(body + b"&x=1", now)},
            "not a timestamp": {"X-Slack-Request-Timestamp": "soon",
                                "X-Slack-Signature": signature(body, now)},
        }
        for name, headers in attempts.items():
            response = httpx.post(f"{rig.url}{path}", content=body, headers=headers)
            assert response.status_code == 401, (path, name)
            assert response.json()["error"]["code"] == "invalid_signature"
    sentinel(rig)
    assert rig.slack.posts(ts) == []
    assert rig.slack.to("/r/bad-click") == [] and rig.slack.to("/r/x") == []
    with rig.store.engine.connect() as db:
        assert db.execute(select(answers).where(answers.c.question == question)).first() is None
    assert answer_id not in {f.answer_id for f in rig.store.export_feedback()}


def test_url_verification_echoes_the_challenge(rig: Rig) -> None:
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    response = send_event(rig, {"type": "url_verification", "token": "t", "challenge": challenge})
    assert response.status_code == 200 and response.json() == {"challenge": challenge}


# --- the slash command -----------------------------------------------------------------------


def test_the_slash_command_answers_in_block_kit_with_cited_quotes_and_buttons(rig: Rig) -> None:
    started = time.monotonic()
    response = command(rig, PCC)
    assert response.status_code == 200 and time.monotonic() - started < 3.0
    reply = response.json()
    blocks = reply["blocks"]
    assert reply["response_type"] == "ephemeral"
    assert_valid_for_slack(blocks)
    assert blocks[0]["elements"][0]["text"] == f"*Q:* {PCC}"
    answer = section_text(blocks)
    assert "Commissioners are strongly encouraged" in answer and "[1]" in answer
    citations = citation_texts(blocks)
    assert [c.split("*", 2)[1] for c in citations] == [
        f"[{n}]" for n in range(1, len(citations) + 1)]
    assert markers(answer) == set(range(1, len(citations) + 1))
    commissioners = next(c for c in citations if "Commissioners are strongly encouraged" in c)
    assert commissioners.count("“") == 1 and commissioners.endswith("”")
    # the guidance's title links to its public address (corpus/sources.toml), then who
    # published it and when, with a warning: it is older than COMPACT_STALE_AFTER_YEARS
    assert "<http://www.compactvoice.org.uk/|The Compact: Helping you work with" in commissioners
    assert "_Compact Voice · published 2013; may be out of date_" in commissioners
    assert "corpus/" not in json.dumps(blocks)
    answer_id = answer_id_of(blocks)
    assert [e["action_id"] for e in blocks[-1]["elements"]] == ["feedback_up", "feedback_down"]
    assert recorded(rig, answer_id)["question"] == PCC
    assert reply["text"].startswith(answer[:40])


def test_a_cited_source_with_a_web_address_is_linked(rig: Rig) -> None:
    blocks = command(rig, "Is there a local Compact in Leeds?").json()["blocks"]
    assert_valid_for_slack(blocks)
    (citation,) = citation_texts(blocks)
    assert citation.startswith(f"*[1]* {LEEDS_LINK} · Compact for Leeds\n"
                               "_Compact assistant notes, from public sources · published November "
                               "2026_\n“Compact for Leeds.")


def test_share_posts_the_answer_in_the_channel(rig: Rig) -> None:
    for flag in ("--share", "—share"):  # also as Slack's autocorrect writes it
        reply = command(rig, f"{flag} {PCC}").json()
        assert reply["response_type"] == "in_channel"
        assert reply["blocks"][0]["elements"][0]["text"] == f"*Q:* {PCC}"
        assert recorded(rig, answer_id_of(reply["blocks"]))["question"] == PCC


@pytest.mark.parametrize("text", ["", "   ", "--share"])
def test_an_empty_command_gets_the_usage(rig: Rig, text: str) -> None:
    reply = command(rig, text).json()
    assert reply["response_type"] == "ephemeral"
    assert "/compact why should a PCC use the Compact?" in section_text(reply["blocks"])
    assert all(b["type"] != "actions" for b in reply["blocks"])


def test_an_answer_slower_than_slacks_limit_goes_to_the_response_url(rig: Rig) -> None:
    rig.app.state.slack_command_budget = 0.0
    try:
        reply = command(rig, PCC, response_url="/response/slow").json()
    finally:
        del rig.app.state.slack_command_budget
    assert reply["response_type"] == "ephemeral" and reply["text"] == "Looking that up…"
    (late,) = rig.slack.wait(lambda: rig.slack.to("/response/slow"))
    assert late.body["response_type"] == "ephemeral" and late.body["replace_original"] is True
    assert_valid_for_slack(late.body["blocks"])
    assert "Commissioners are strongly encouraged" in section_text(late.body["blocks"])
    assert recorded(rig, answer_id_of(late.body["blocks"]))["question"] == PCC


def test_a_question_over_the_limit_is_explained(rig: Rig) -> None:
    reply = command(rig, "why " * 600).json()
    assert "over 2000 characters" in section_text(reply["blocks"])


# --- events ----------------------------------------------------------------------------------


def test_a_mention_is_answered_in_its_thread(rig: Rig) -> None:
    ts = new_ts()
    started = time.monotonic()
    response = send_event(rig, mention("is there a local Compact in Leeds?", ts))
    assert response.status_code == 200 and response.content == b""
    assert time.monotonic() - started < 2.0
    (post,) = rig.slack.wait(lambda: rig.slack.posts(ts))
    assert post.body["channel"] == "C0CHAN" and post.body["thread_ts"] == ts
    assert post.headers["Authorization"] == f"Bearer {TOKEN}"
    blocks = post.body["blocks"]
    assert_valid_for_slack(blocks)
    assert "First agreed: 2003" in section_text(blocks)
    assert citation_texts(blocks)[0].startswith(f"*[1]* {LEEDS_LINK}")
    assert post.body["text"].startswith("Compact for Leeds.")
    turn = recorded(rig, answer_id_of(blocks))
    assert turn["question"] == "is there a local Compact in Leeds?"  # the mention removed
    # the thread's conversation id is keyed by the signing secret: not guessable from Slack ids
    assert turn["conversation_id"].startswith("slack-") and ts not in turn["conversation_id"]


def test_a_reply_in_the_thread_is_a_follow_up_of_the_threads_question(rig: Rig) -> None:
    ts = new_ts()
    send_event(rig, mention("is there a local Compact in Leeds?", ts))
    (first,) = rig.slack.wait(lambda: rig.slack.posts(ts))
    reply_ts = new_ts()
    send_event(rig, event("message", "when was it first launched?", reply_ts,
                          channel_type="channel", thread_ts=ts))
    follow_up = rig.slack.wait(lambda: rig.slack.posts(ts)[1:])[0]
    assert follow_up.body["channel"] == "C0CHAN" and follow_up.body["thread_ts"] == ts
    turn = recorded(rig, answer_id_of(follow_up.body["blocks"]))
    assert turn["query"] == "when was the local Compact in Leeds first launched?"
    assert turn["history"] == ["is there a local Compact in Leeds?"]
    assert "First launched in 2003" in section_text(follow_up.body["blocks"])
    assert turn["conversation_id"] == recorded(rig, answer_id_of(first.body["blocks"]))[
        "conversation_id"]


def test_chatter_outside_the_bots_threads_is_ignored(rig: Rig) -> None:
    top, stranger = new_ts(), new_ts()
    send_event(rig, event("message", "is there a local Compact in Leeds?", top,
                          channel_type="channel"))
    send_event(rig, event("message", "when was it first launched?", new_ts(),
                          channel_type="channel", thread_ts=stranger))
    sentinel(rig)
    assert rig.slack.posts(top) == [] and rig.slack.posts(stranger) == []


def test_a_direct_message_is_answered_in_its_thread_and_followed_up(rig: Rig) -> None:
    ts = new_ts()
    send_event(rig, event("message", "What is a local Compact?", ts, channel="D0DM",
                          channel_type="im"))
    (first,) = rig.slack.wait(lambda: rig.slack.posts(ts))
    assert first.body["channel"] == "D0DM" and first.body["thread_ts"] == ts
    send_event(rig, event("message", "who signs up to them?", new_ts(), channel="D0DM",
                          channel_type="im", thread_ts=ts))
    second = rig.slack.wait(lambda: rig.slack.posts(ts)[1:])[0]
    assert recorded(rig, answer_id_of(second.body["blocks"]))["query"] == (
        "who signs up to local Compacts?")


def test_a_retried_event_is_answered_once(rig: Rig) -> None:
    ts = new_ts()
    envelope = mention("is there a local Compact in Leeds?", ts)
    assert send_event(rig, envelope).status_code == 200
    retry = send_event(rig, envelope, **{"X-Slack-Retry-Num": "1",
                                         "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200
    # the same message delivered again as another event (a DM that also mentions the bot)
    again = {**envelope, "event_id": f"Ev{uuid.uuid4().hex[:12]}"}
    assert send_event(rig, again).status_code == 200
    rig.slack.wait(lambda: rig.slack.posts(ts))
    sentinel(rig)
    assert len(rig.slack.posts(ts)) == 1
    with rig.store.engine.connect() as db:
        seen = db.scalars(select(seen_events.c.event_id)).all()
    assert f"event:{envelope['event_id']}" in seen


def test_bot_messages_and_edits_are_ignored(rig: Rig) -> None:
    quiet = [new_ts() for _ in range(4)]
    im = {"channel": "D0BOTS", "channel_type": "im"}
    send_event(rig, event("message", "What is a local Compact?", quiet[0], bot_id="B0OTHER", **im))
    send_event(rig, event("message", "What is a local Compact?", quiet[1],
                          subtype="bot_message", **im))
    own = event("message", "What is a local Compact?", quiet[2], **im)
    own["event"]["user"] = BOT
    send_event(rig, own)
    send_event(rig, event("message", "What is a local Compact?", quiet[3],
                          subtype="message_changed", **im))
    sentinel(rig)
    assert all(rig.slack.posts(ts) == [] for ts in quiet)


# --- feedback buttons ------------------------------------------------------------------------


def test_a_button_click_is_stored_as_feedback_and_the_message_updated(rig: Rig) -> None:
    blocks = command(rig, PCC).json()["blocks"]
    answer_id = answer_id_of(blocks)
    assert click(rig, "feedback_down", answer_id, "/response/click-1", blocks).status_code == 200
    (update,) = rig.slack.wait(lambda: rig.slack.to("/response/click-1"))
    assert update.body["replace_original"] is True
    assert_valid_for_slack(update.body["blocks"])
    assert all(b["type"] != "actions" for b in update.body["blocks"])
    assert section_text(update.body["blocks"]) == section_text(blocks)
    assert "Thanks for your feedback" in update.body["blocks"][-1]["elements"][0]["text"]
    (stored,) = [f for f in rig.store.export_feedback() if f.answer_id == answer_id]
    assert stored.rating is Rating.down and stored.question == PCC

    click(rig, "feedback_up", answer_id, "/response/click-2", None)  # an ephemeral message
    (note,) = rig.slack.wait(lambda: rig.slack.to("/response/click-2"))
    assert note.body["replace_original"] is False and "Thanks" in note.body["text"]
    (stored,) = [f for f in rig.store.export_feedback() if f.answer_id == answer_id]
    assert stored.rating is Rating.up


def test_a_click_on_an_unknown_answer_says_so(rig: Rig) -> None:
    assert click(rig, "feedback_up", "no-such-answer", "/response/unknown", []).status_code == 200
    (note,) = rig.slack.wait(lambda: rig.slack.to("/response/unknown"))
    assert "no longer on record" in note.body["text"] and note.body["replace_original"] is False


# --- formatting ------------------------------------------------------------------------------


def _citation(n: int, quote: str) -> Citation:
    return Citation(n=n, doc_id="d.md", title="A <b>title</b> & more", section="S", quote=quote,
                    source="corpus/d.md", score=0.5, start=0, end=len(quote))


def test_markup_in_answers_and_quotes_is_escaped() -> None:
    answer = Answer(
        answer_id="a1", question="q <!channel>?", query="q", status=Status.answered,
        answer="Tell <!channel> & <@U123> to see <https://evil.example|this>. [1]",
        citations=[_citation(1, "Ping <!here> & <https://evil.example|click>.")],
    )
    dumped = json.dumps(answer_message(answer, show_question=True))
    assert "<!channel>" not in dumped and "<!here>" not in dumped and "<@U123>" not in dumped
    assert "<https://evil" not in dumped
    assert "Tell &lt;!channel&gt; &amp; &lt;@U123&gt;" in dumped
    assert "*A &lt;b&gt;title&lt;/b&gt; &amp; more*" in dumped
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"


def test_a_long_answer_is_cut_to_slacks_limits_after_a_whole_citation() -> None:
    sentences = [f"Sentence {n} says <that> & {'more ' * 25}plainly. [{n}]" for n in range(1, 61)]
    answer = Answer(
        answer_id="a2", question="q", query="q", status=Status.answered,
        answer=" ".join(sentences), citations=[_citation(n, "quote " * 500) for n in range(1, 61)],
    )
    blocks = answer_message(answer)["blocks"]
    assert_valid_for_slack(blocks)
    body = section_text(blocks)
    assert 2800 < len(body) <= 3000 and body.endswith("] …")
    shown = [int(part.split("]")[0]) for part in body.split("[")[1:]]
    assert shown == list(range(1, len(shown) + 1))
    assert [int(c[2:].split("]")[0]) for c in citation_texts(blocks)] == shown
    assert all(len(c) <= 2000 and c.endswith("…”") for c in citation_texts(blocks))
    assert "&amp;" in body and "&lt;that&gt;" in body


def test_one_sentence_too_long_for_slack_keeps_its_citation_marker() -> None:
    text = "word & " * 1000 + "end. [1] [2]"
    body = cut_answer(text, 3000, {1, 2})
    assert len(body) <= 3000 and body.endswith("… [1] [2]")
    assert not body.replace(" … [1] [2]", "").endswith(("&", "&amp", "&am"))
    assert cut_answer("Short. [1] Dropped. [2]", 3000, {1}) == "Short. [1] …"


def test_slack_markup_in_questions_becomes_plain_text() -> None:
    assert plain_text("<@U0BOT> is &lt;this&gt; in <#C1|general> at <https://a.org|A &amp; B>?") \
        == "is <this> in #general at A & B?"
    assert parse_command("  —share  why? ") == ("why?", True)
    assert parse_command("why --shared?") == ("why --shared?", False)
