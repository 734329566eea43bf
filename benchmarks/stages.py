"""One question answered step by step as `Assistant.ask` does it, each step timed.

`Answer.timings_ms` only splits retrieval from the rest, so this calls the same components in
the same order and times each; the benchmark checks that the text matches `ask`'s answer.
"""

from __future__ import annotations

import time

from assistant.answer.citations import build_citations, verify
from assistant.answer.refusal import (
    NOT_FOUND_MESSAGE,
    OUT_OF_SCOPE_MESSAGE,
    decide,
    is_task_request,
)
from assistant.chat.followups import rewrite
from assistant.pipeline import Assistant, LoadedIndex, validate_question
from assistant.schemas import Draft, Status

Stages = dict[str, float]


class StageClock:
    """Milliseconds per named stage, each measured from the previous mark."""

    def __init__(self) -> None:
        self.stages: Stages = {}
        self._started = self._last = time.perf_counter()

    def mark(self, stage: str) -> None:
        """Record the time since the previous mark as `stage`."""
        now = time.perf_counter()
        self.stages[stage] = (now - self._last) * 1000.0
        self._last = now

    def total(self) -> Stages:
        """The stages with the whole call's time as "total"."""
        self.stages["total"] = (time.perf_counter() - self._started) * 1000.0
        return self.stages


def timed_ask(assistant: Assistant, question: str) -> tuple[Stages, str]:
    """Milliseconds per stage of answering `question`, and the answer text."""
    clock = StageClock()
    query = rewrite(validate_question(question), [])
    loaded = assistant.loaded
    if is_task_request(query):
        return clock.total(), OUT_OF_SCOPE_MESSAGE
    listed = loaded.list_answerer.answer(query)
    clock.mark("list lookup")
    if isinstance(listed, str):
        return clock.total(), listed
    if listed is not None:
        return _checked(clock, listed, loaded)
    found = loaded.retriever.retrieve(query, assistant.top_k)
    clock.stages.update(found.timings_ms)
    clock.mark("retrieve")
    status = decide(query, found.passages, assistant.thresholds, loaded.vocabulary)
    clock.mark("refusal")
    if status is not Status.answered:
        message = OUT_OF_SCOPE_MESSAGE if status is Status.out_of_scope else NOT_FOUND_MESSAGE
        return clock.total(), message
    draft = assistant.answerer.answer(query, found.passages)
    clock.mark("answer")
    return _checked(clock, draft, loaded)


def _checked(clock: StageClock, draft: Draft, loaded: LoadedIndex) -> tuple[Stages, str]:
    verify(draft.text, build_citations(draft), loaded.documents)
    clock.mark("citation check")
    return clock.total(), draft.text
