"""Conversations and feedback: the SQL store on SQLite and PostgreSQL, and the routes over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from assistant.chat.conversations import Rating
from assistant.chat.database import SqlStore, conversations, make_engine, metadata, turns
from assistant.config import Settings
from assistant.errors import AnswerNotFoundError, ConversationNotFoundError
from assistant.schemas import Answer, Status


class Clock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _answer(n: int, conversation_id: str | None = None) -> Answer:
    return Answer(
        answer_id=f"a{n}", question=f"question {n}?", query=f"query {n}", status=Status.answered,
        answer=f"answer {n} [1]", citations=[], conversation_id=conversation_id,
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[SqlStore]:
    """The store on a new SQLite file, and on a real PostgreSQL server with empty tables."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/db/assistant.db"
    else:
        url = request.getfixturevalue("postgres_url")
        engine = make_engine(url)
        metadata.drop_all(engine)
        engine.dispose()
    store = SqlStore(make_engine(url), max_turns=3, ttl=timedelta(hours=1), clock=clock)
    store.create_schema()
    yield store
    store.close()


def _say(store: SqlStore, conversation_id: str, n: int) -> None:
    store.record_answer(_answer(n, conversation_id))
    store.append_turn(conversation_id, f"a{n}")


def test_turns_come_back_in_order_and_only_the_latest_are_kept(store: SqlStore) -> None:
    conversation_id = store.create_conversation()
    for n in range(1, 6):
        _say(store, conversation_id, n)
    turns = store.get_conversation(conversation_id).turns
    assert [t.question for t in turns] == ["question 3?", "question 4?", "question 5?"]
    assert turns[-1].query == "query 5" and turns[-1].asked_at.tzinfo is not None


def test_ids_are_random_and_unguessable(store: SqlStore) -> None:
    ids = {store.create_conversation() for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 32 for i in ids)


def test_a_conversation_expires_after_its_last_turn(store: SqlStore, clock: Clock) -> None:
    conversation_id = store.create_conversation()
    clock.now += timedelta(minutes=50)
    _say(store, conversation_id, 1)  # activity keeps it alive
    clock.now += timedelta(minutes=50)
    assert len(store.get_conversation(conversation_id).turns) == 1
    clock.now += timedelta(minutes=11)
    with pytest.raises(ConversationNotFoundError):
        store.get_conversation(conversation_id)
    with pytest.raises(ConversationNotFoundError):
        store.append_turn(conversation_id, "a1")
    store.create_conversation()  # sweeps expired conversations away
    with store.engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(conversations)) == 1
        assert db.scalar(select(func.count()).select_from(turns)) == 0


def test_unknown_conversation_and_answer_are_errors(store: SqlStore) -> None:
    with pytest.raises(ConversationNotFoundError):
        store.get_conversation("no-such-id")
    with pytest.raises(AnswerNotFoundError):
        store.rate_answer("no-such-answer", Rating.up)


def test_a_second_rating_replaces_the_first_and_export_filters(
    store: SqlStore, clock: Clock
) -> None:
    store.record_answer(_answer(1), history=["earlier question?"])
    store.record_answer(_answer(2))
    store.rate_answer("a1", Rating.up)
    clock.now += timedelta(seconds=1)
    store.rate_answer("a2", Rating.up, "good")
    clock.now += timedelta(seconds=1)
    store.rate_answer("a1", Rating.down, "wrong Compact")
    everything = list(store.export_feedback())
    assert [(f.answer_id, f.rating) for f in everything] == [("a2", Rating.up), ("a1", Rating.down)]
    (down,) = store.export_feedback(Rating.down)
    assert down.comment == "wrong Compact" and down.question == "question 1?"
    assert down.to_case()["history"] == ["earlier question?"]


def test_first_ratings_arriving_together_do_not_collide(store: SqlStore) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store.record_answer(_answer(3))
    ratings = [Rating.up, Rating.down] * 6
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda rating: store.rate_answer("a3", rating), ratings))
    (only,) = [f for f in store.export_feedback() if f.answer_id == "a3"]
    assert only.rating in (Rating.up, Rating.down)


# --- over HTTP -------------------------------------------------------------------------------


def _ask(base: str, question: str, conversation_id: str | None = None) -> httpx.Response:
    body = {"question": question, "conversation_id": conversation_id}
    return httpx.post(f"{base}/v1/ask", json=body)


def test_ask_starts_a_conversation_and_a_follow_up_continues_it(live_api: str) -> None:
    first = _ask(live_api, "Is there a local Compact in Leeds?")
    assert first.status_code == 200
    conversation_id = first.json()["conversation_id"]
    assert conversation_id and len(conversation_id) >= 32
    body = _ask(live_api, "when was it first launched?", conversation_id).json()
    assert body["conversation_id"] == conversation_id
    assert body["question"] == "when was it first launched?"
    assert body["query"] == "when was the local Compact in Leeds first launched?"
    assert body["status"] == "answered" and "2003" in body["answer"]
    turns = httpx.get(f"{live_api}/v1/conversations/{conversation_id}").json()["turns"]
    assert [t["question"] for t in turns] == [
        "Is there a local Compact in Leeds?", "when was it first launched?"]
    assert turns[1]["answer_id"] == body["answer_id"] and turns[1]["citations"]


def test_a_question_that_stands_alone_is_not_rewritten_in_a_conversation(live_api: str) -> None:
    first = _ask(live_api, "Is there a local Compact in Leeds?").json()
    second = _ask(live_api, "Is the Compact legally binding?", first["conversation_id"]).json()
    assert second["query"] == "Is the Compact legally binding?"
    assert "not legally binding" in second["answer"]


def test_a_new_question_without_an_id_gets_a_new_conversation(live_api: str) -> None:
    ids = {_ask(live_api, "What is a local Compact?").json()["conversation_id"] for _ in range(2)}
    assert len(ids) == 2


@pytest.mark.parametrize("route", ["/v1/ask", "/v1/ask/stream"])
def test_an_unknown_conversation_is_a_clear_404(live_api: str, route: str) -> None:
    response = httpx.post(f"{live_api}{route}", json={
        "question": "when was it launched?", "conversation_id": "not-a-real-conversation"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"
    lookup = httpx.get(f"{live_api}/v1/conversations/not-a-real-conversation")
    assert lookup.status_code == 404
    assert "expired" in lookup.json()["error"]["message"]


def test_conversations_are_never_listed(live_api: str) -> None:
    assert httpx.get(f"{live_api}/v1/conversations").status_code in {404, 405}
    assert httpx.get(f"{live_api}/v1/conversations/").status_code in {404, 405}


def test_feedback_is_stored_replaced_and_404_for_unknown(
    live_api: str, built_settings: Settings
) -> None:
    answer_id = _ask(live_api, "Why should a PCC use the Compact?").json()["answer_id"]
    first = httpx.post(f"{live_api}/v1/feedback", json={"answer_id": answer_id, "rating": "up"})
    assert first.status_code == 200 and first.json()["rating"] == "up"
    second = httpx.post(f"{live_api}/v1/feedback", json={
        "answer_id": answer_id, "rating": "down", "comment": "too long"})
    assert second.json()["rating"] == "down"
    stored = [f for f in SqlStore(make_engine(built_settings.database_url)).export_feedback()
              if f.answer_id == answer_id]
    assert len(stored) == 1 and stored[0].rating is Rating.down and stored[0].comment == "too long"
    assert stored[0].question == "Why should a PCC use the Compact?"
    assert stored[0].citations and stored[0].citations[0]["quote"]

    unknown = httpx.post(f"{live_api}/v1/feedback", json={"answer_id": "nope", "rating": "up"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "answer_not_found"
    bad = httpx.post(f"{live_api}/v1/feedback", json={"answer_id": answer_id, "rating": "meh"})
    assert bad.status_code == 422 and "rating" in bad.json()["error"]["message"]


def test_feedback_export_writes_the_down_ratings_as_json_lines(
    store: SqlStore, tmp_path: Path
) -> None:
    store.record_answer(_answer(1), history=["Is there a local Compact in Leeds?"])
    store.record_answer(_answer(2))
    store.rate_answer("a1", Rating.down, "cited the wrong area")
    store.rate_answer("a2", Rating.up)
    output = tmp_path / "down.jsonl"
    env = {**os.environ, "HF_HUB_OFFLINE": "1",
           "COMPACT_DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
           "COMPACT_INDEX_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "feedback", "export", "--rating", "down",
         "--output", str(output)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote 1 rated answer(s)" in result.stderr
    (line,) = [json.loads(text) for text in output.read_text().splitlines()]
    assert line["question"] == "question 1?" and line["answer"] == "answer 1 [1]"
    assert line["rating"] == "down" and line["comment"] == "cited the wrong area"
    assert line["history"] == ["Is there a local Compact in Leeds?"] and line["citations"] == []


def test_purge_deletes_old_answers_with_their_ratings_in_batches(
    store: SqlStore, clock: Clock
) -> None:
    # issue 15, retention: answers and feedback older than the retention period go
    started = clock.now
    conversation_id = store.create_conversation()
    for n in range(1, 6):
        _say(store, conversation_id, n)
    store.rate_answer("a2", Rating.down, "old complaint")
    clock.now = started + timedelta(days=400)
    store.record_answer(_answer(9))
    store.rate_answer("a9", Rating.up)
    assert store.purge(before=clock.now - timedelta(days=365), batch=2) == 5
    assert [f.answer_id for f in store.export_feedback()] == ["a9"]
    assert store.purge(before=clock.now - timedelta(days=365)) == 0
    with pytest.raises(AnswerNotFoundError):
        store.rate_answer("a1", Rating.up)


def test_the_purge_command_keeps_the_retention_period(tmp_path: Path) -> None:
    database = tmp_path / "kept.db"
    store = SqlStore(make_engine(f"sqlite:///{database}"))
    store.record_answer(_answer(1))
    store.close()
    env = {**os.environ, "COMPACT_DATABASE_URL": f"sqlite:///{database}",
           "COMPACT_RETENTION_DAYS": "30"}
    done = subprocess.run([sys.executable, "-m", "api.cli", "purge"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Deleted 0 answer(s)" in done.stdout  # a new answer stays
    done = subprocess.run([sys.executable, "-m", "api.cli", "purge", "--days", "0"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--days must be at least 1" in done.stderr


def test_the_sqlite_store_writes_ahead_and_syncs_at_checkpoints(tmp_path: Path) -> None:
    store = SqlStore(make_engine(f"sqlite:///{tmp_path}/assistant.db"))
    store.create_schema()
    with store.engine.connect() as db:
        assert db.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert db.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    store.close()


class Scripted:
    """An asker that answers every question the same way (the store is what is tested)."""

    def ask(self, question: str, **_: object) -> Answer:
        return _answer(1).model_copy(update={"question": question,
                                             "answer_id": f"id-{question}"})


def test_a_turn_is_one_write_transaction(store: SqlStore) -> None:
    from sqlalchemy import event

    from assistant.chat.conversations import Conversations

    begun: list[str] = []
    event.listen(store.engine, "begin", lambda connection: begun.append("begin"))
    asker = Conversations(Scripted(), store)  # type: ignore[arg-type]
    first = asker.ask("first?")
    assert first.saved and first.conversation_id and len(begun) == 1
    begun.clear()
    follow_up = asker.ask("second?", first.conversation_id)
    assert follow_up.saved and len(begun) == 2  # reading the history, then one write
    turns = store.get_conversation(first.conversation_id).turns
    assert [turn.question for turn in turns] == ["first?", "second?"]
