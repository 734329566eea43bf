"""The shared store on PostgreSQL, and what a database that is down does to each route."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect

from api.main import create_app
from assistant.chat.conversations import Rating
from assistant.chat.database import SqlStore, build_store, make_engine, metadata
from assistant.config import Settings
from assistant.errors import DatabaseUnavailableError, InvalidInputError
from assistant.pipeline import Assistant
from assistant.schemas import Answer, Status
from benchmarks.harness import free_port

from .conftest import LiveServer, make_settings
from .postgres import Cluster, binaries

QUESTION = "Why should a PCC use the Compact?"
SERVER = pytest.mark.server


def _nowhere() -> str:
    """A PostgreSQL URL on a loopback port where nothing listens."""
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/compact_test"


def _empty(url: str) -> str:
    engine = make_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    return url


Serve = Callable[[str], str]


@pytest.fixture
def serve(assistant: Assistant, built_settings: Settings) -> Iterator[Serve]:
    """Start the real app with a given database URL; yields a function returning its base URL."""
    servers: list[LiveServer] = []

    def start(database_url: str) -> str:
        settings = make_settings(built_settings.corpus_dir, built_settings.index_dir,
                                 database_url=database_url)
        servers.append(LiveServer(create_app(settings, assistant=assistant)).__enter__())
        return servers[-1].url

    yield start
    for server in servers:
        server.__exit__()


def _ask(url: str, conversation_id: str | None = None, question: str = QUESTION) -> dict:
    body = {"question": question, "conversation_id": conversation_id}
    response = httpx.post(f"{url}/v1/ask", json=body, timeout=60)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _stream_done(url: str) -> dict:
    response = httpx.post(f"{url}/v1/ask/stream", json={"question": QUESTION}, timeout=60)
    assert response.status_code == 200
    done = response.text.split("event: done\ndata: ", 1)[1].split("\n", 1)[0]
    return dict(json.loads(done))


def _assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "database_unavailable" and "unavailable" in error["message"]
    assert "127.0.0.1" not in error["message"]  # no connection details leak to callers


@pytest.mark.server
def test_processes_starting_together_create_the_schema_once(postgres_url: str) -> None:
    url = _empty(postgres_url)
    barrier, failures = threading.Barrier(6), []

    def start_process() -> None:
        store = SqlStore(make_engine(url))
        barrier.wait()
        try:
            store.create_schema()
        except Exception as error:  # collected: every start-up must succeed
            failures.append(repr(error))
        finally:
            store.close()

    threads = [threading.Thread(target=start_process) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) >= {"conversations", "answers", "turns",
                                                      "feedback"}
    engine.dispose()


def test_a_database_that_is_down_is_a_clear_library_error(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, tmp_path / "index", database_url=_nowhere())
    store = build_store(settings)  # starts anyway: the tables are created at first use
    answer = Answer(answer_id="a1", question="q?", query="q?", status=Status.answered,
                    answer="a [1]", citations=[])
    calls: list[Callable[[], object]] = [
        store.create_conversation, lambda: store.get_conversation("c1"),
        lambda: store.record_answer(answer), lambda: store.append_turn("c1", "a1"),
        lambda: store.rate_answer("a1", Rating.up), lambda: list(store.export_feedback()),
    ]
    for call in calls:
        with pytest.raises(DatabaseUnavailableError, match="unavailable"):
            call()
    store.close()


def test_with_the_database_down_ask_answers_unsaved_and_the_rest_is_503(serve: Serve) -> None:
    url = serve(_nowhere())
    fresh = _ask(url)
    assert fresh["status"] == "answered" and fresh["citations"]
    assert fresh["saved"] is False and fresh["conversation_id"] is None
    continued = _ask(url, "an-existing-conversation")
    assert continued["saved"] is False
    assert continued["conversation_id"] == "an-existing-conversation"
    done = _stream_done(url)
    assert done["status"] == "answered" and done["saved"] is False
    _assert_unavailable(httpx.get(f"{url}/v1/conversations/an-existing-conversation"))
    _assert_unavailable(httpx.post(f"{url}/v1/feedback",
                                   json={"answer_id": fresh["answer_id"], "rating": "up"}))
    assert httpx.get(f"{url}/readyz").status_code == 200


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=SERVER)])
def test_turns_and_feedback_are_saved_over_http(
    serve: Serve, backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    database_url = (f"sqlite:///{tmp_path / 'http.db'}" if backend == "sqlite"
                    else _empty(request.getfixturevalue("postgres_url")))
    url = serve(database_url)
    first = _ask(url, question="Is there a local Compact in Leeds?")
    follow_up = _ask(url, first["conversation_id"], "when was it first launched?")
    assert first["saved"] is True and follow_up["saved"] is True
    assert follow_up["query"] == "when was the local Compact in Leeds first launched?"
    turns = httpx.get(f"{url}/v1/conversations/{first['conversation_id']}").json()["turns"]
    assert [turn["answer_id"] for turn in turns] == [first["answer_id"], follow_up["answer_id"]]
    rated = httpx.post(f"{url}/v1/feedback", json={"answer_id": follow_up["answer_id"],
                                                   "rating": "down", "comment": "too short"})
    assert rated.status_code == 200
    store = SqlStore(make_engine(database_url))
    (stored,) = store.export_feedback()
    assert stored.comment == "too short"
    assert stored.history == ["Is there a local Compact in Leeds?"]
    store.close()


@pytest.mark.server
def test_the_app_starts_before_its_database_and_survives_it_stopping(serve: Serve) -> None:
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries are not installed (apt-get install postgresql)")
    cluster = Cluster(bin_dir)
    url = serve(cluster.url)  # nothing listens on the cluster's port yet
    assert _ask(url)["saved"] is False
    cluster.start()
    try:
        saved = _ask(url)
        assert saved["saved"] is True  # the tables were created on first use
        conversation = httpx.get(f"{url}/v1/conversations/{saved['conversation_id']}")
        assert conversation.status_code == 200 and len(conversation.json()["turns"]) == 1
    finally:
        cluster.stop()
    assert _ask(url, saved["conversation_id"])["saved"] is False
    _assert_unavailable(httpx.get(f"{url}/v1/conversations/{saved['conversation_id']}"))


@SERVER
def test_a_null_character_is_refused_on_postgresql_and_kept_out_of_the_log(
    serve: Serve, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # issue 15, defect 1: a null byte gave a 500 with the SQL parameters in the log
    url = serve(_empty(postgres_url))
    secret = "jo@example.org"
    asked = httpx.post(f"{url}/v1/ask", json={"question": f"Compact {secret}\u0000?"})
    assert asked.status_code == 422, asked.text
    conversation = httpx.post(f"{url}/v1/ask", json={"question": QUESTION,
                                                     "conversation_id": "a\u0000b"})
    assert conversation.status_code == 422
    feedback = httpx.post(f"{url}/v1/feedback", json={"answer_id": "x\u0000", "rating": "up"})
    assert feedback.status_code == 422
    assert httpx.get(f"{url}/v1/conversations/a%00b").status_code == 422
    streamed = httpx.post(f"{url}/v1/ask/stream", json={"question": "a\u0000b"})
    assert streamed.status_code == 422
    store = SqlStore(make_engine(postgres_url))
    answer = Answer(answer_id="nul-1", question=f"{secret}\u0000", query="q",
                    status=Status.answered, answer="a", citations=[])
    with pytest.raises(InvalidInputError):
        store.record_answer(answer)
    store.close()
    assert secret not in caplog.text
    assert make_engine(postgres_url).hide_parameters


def test_the_question_is_trimmed_before_its_length_is_checked(live_api: str) -> None:
    # issue 15, defect 9: 2,000 characters with spaces around them were refused
    question = "  " + ("Why should a PCC use the Compact? " * 60)[:2000].strip() + "   "
    assert len(question.strip()) <= 2000 < len(question)
    assert httpx.post(f"{live_api}/v1/ask", json={"question": question}).status_code == 200


def test_a_deleted_sqlite_file_is_made_again(serve: Serve, tmp_path: Path) -> None:
    # issue 15, defect 4: after the file went, every answer was "saved": false for good
    database = tmp_path / "gone.db"
    url = serve(f"sqlite:///{database}")
    assert httpx.post(f"{url}/v1/ask", json={"question": QUESTION}).json()["saved"] is True
    database.unlink()
    again = httpx.post(f"{url}/v1/ask", json={"question": QUESTION}).json()
    assert again["saved"] is True and database.exists()
    rated = httpx.post(f"{url}/v1/feedback", json={"answer_id": again["answer_id"],
                                                   "rating": "up"})
    assert rated.status_code == 200
    turns = httpx.get(f"{url}/v1/conversations/{again['conversation_id']}").json()["turns"]
    assert [turn["answer_id"] for turn in turns] == [again["answer_id"]]
