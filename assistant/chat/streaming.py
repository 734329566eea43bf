"""An answer as a stream of events: `citations`, then `delta` pieces of text, then `done`.

The extractive answerer has the whole answer before the first event, so its sentences become the
deltas. An answerer that produces tokens can emit the same events as it writes: `citations`
first (the passages it may cite), a `delta` per token, and `done` once the finished answer has
passed the citation checks; a failure at any point ends the stream with `error`.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from assistant.errors import AssistantError
from assistant.schemas import Answer

EVENTS = ("citations", "delta", "done", "error")
_AFTER_MARKER = re.compile(r"(?<=\])\s+(?=\S)")
_END = object()


@dataclass(frozen=True)
class Event:
    """One server-sent event: its name and its JSON data."""

    name: str
    data: dict[str, Any]


def answer_events(answer: Answer) -> Iterator[Event]:
    """The events of a finished answer: its citations, its sentences, then the whole answer."""
    yield Event("citations", {
        "answer_id": answer.answer_id, "conversation_id": answer.conversation_id,
        "status": answer.status.value, "query": answer.query,
        "citations": [citation.model_dump(mode="json") for citation in answer.citations],
    })
    for piece in deltas(answer.answer):
        yield Event("delta", {"text": piece})
    yield Event("done", answer.model_dump(mode="json"))


def deltas(text: str) -> list[str]:
    """The text in pieces that join back into it: one per cited sentence (or the whole text)."""
    cuts = [0, *(match.end() for match in _AFTER_MARKER.finditer(text)), len(text)]
    return [text[start:end] for start, end in zip(cuts, cuts[1:], strict=False) if end > start]


def token_events(
    answer: Callable[[Callable[[str], None]], Answer],
    error_event: Callable[[AssistantError], Event],
    conversation_id: str | None = None,
) -> Iterator[Event]:
    """Events while `answer(on_token)` runs in a worker thread: its tokens live, then `done`.

    When tokens come (an LLM answerer), a provisional `citations` event with no citations yet
    comes first, a `delta` per token, and `done` carries the checked answer, which may differ from
    the tokens (dropped sentences, renumbered citations, or the extractive fallback). When none
    come, the finished answer's usual events follow; an `AssistantError` ends the stream with
    `error_event(error)`, whose shape is the caller's (the API's error body).
    """
    tokens: queue.Queue[Any] = queue.Queue()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["answer"] = answer(tokens.put)
        except BaseException as error:  # handed to the reading thread below
            outcome["error"] = error
        finally:
            tokens.put(_END)

    threading.Thread(target=run, daemon=True).start()
    streamed = False
    while (token := tokens.get()) is not _END:
        if not streamed:
            streamed = True
            yield Event("citations", {
                "answer_id": None, "conversation_id": conversation_id, "status": "answered",
                "query": None, "citations": [], "provisional": True,
            })
        yield Event("delta", {"text": token})
    error = outcome.get("error")
    if isinstance(error, AssistantError):
        yield error_event(error)
    elif error is not None:
        raise error
    elif streamed:
        yield Event("done", outcome["answer"].model_dump(mode="json"))
    else:
        yield from answer_events(outcome["answer"])
