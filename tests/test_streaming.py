"""POST /v1/ask/stream over HTTP: citations, then deltas, then done (or error)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from assistant.chat.streaming import deltas
from assistant.search.embedders import Embedder

from .conftest import CORPUS, LiveServer, make_settings


def _events(base: str, body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The events of one streamed answer, in the order they arrived."""
    events = []
    with httpx.stream("POST", f"{base}/v1/ask/stream", json=body, timeout=60) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name, json.loads(line.removeprefix("data: "))))
    return events


def test_events_come_in_order_and_add_up_to_the_answer(live_api: str) -> None:
    events = _events(live_api, {"question": "Why should a PCC use the Compact?"})
    names = [name for name, _ in events]
    assert names[0] == "citations" and names[-1] == "done"
    assert set(names[1:-1]) == {"delta"} and len(names) >= 4  # one delta per cited sentence
    citations, done = events[0][1], events[-1][1]
    assert done["status"] == "answered"
    assert citations["citations"] == done["citations"] and citations["citations"]
    assert citations["answer_id"] == done["answer_id"]
    assert "".join(data["text"] for name, data in events if name == "delta") == done["answer"]


def test_a_streamed_follow_up_continues_the_conversation(live_api: str) -> None:
    first = _events(live_api, {"question": "Is there a local Compact in Leeds?"})[-1][1]
    follow = _events(live_api, {
        "question": "when was it first launched?", "conversation_id": first["conversation_id"]})
    done = follow[-1][1]
    assert done["conversation_id"] == first["conversation_id"]
    assert done["query"] == "when was the local Compact in Leeds first launched?"


def test_a_refusal_streams_its_signposting(live_api: str) -> None:
    events = _events(live_api, {"question": "Write me a poem about cats"})
    assert [name for name, _ in events] == ["citations", "delta", "done"]
    assert events[0][1]["citations"] == [] and events[-1][1]["status"] == "out_of_scope"


def test_a_failure_ends_the_stream_with_an_error_event(
    tmp_path: Path, embedder: Embedder
) -> None:
    from api.main import create_app
    from assistant.pipeline import build_assistant

    settings = make_settings(CORPUS, tmp_path / "empty-index")
    app = create_app(settings, assistant=build_assistant(settings, embedder=embedder))
    with LiveServer(app) as server:
        events = _events(server.url, {"question": "What is the Compact?"})
    assert [name for name, _ in events] == ["error"]
    assert events[0][1]["error"]["code"] == "index_not_built"


def test_deltas_join_back_into_the_text() -> None:
    text = "First sentence. [1] Second one [2]\nThird. [1]"
    assert deltas(text) == ["First sentence. [1] ", "Second one [2]\n", "Third. [1]"]
    assert "".join(deltas(text)) == text and deltas("") == []
