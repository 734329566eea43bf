"""The pipeline's swappable parts: rewriter, refusal policy, stage timings."""

from __future__ import annotations

from assistant.pipeline import Assistant
from assistant.schemas import Draft, Passage, Status


class Upper:
    """A rewriter that shouts: proves the one passed in is the one used."""

    def rewrite(self, question: str, history: list[str]) -> str:
        return question.upper()


class DeclineAll:
    """A refusal policy that declines everything after searching."""

    def screen(self, question: str) -> Status | None:
        return None

    def decide(self, question: str, passages: list[Passage]) -> Status:
        return Status.not_found

    def review(self, question: str, draft: Draft) -> Status:
        return Status.not_found

    def message(self, status: Status) -> str:
        return f"declined: {status.value}"


def _assistant(base: Assistant, **parts: object) -> Assistant:
    return Assistant(base.index, base.embedder, base.glossary, base.thresholds,
                     ranker=base.ranker, **parts)  # type: ignore[arg-type]


def test_the_rewriter_passed_in_is_used(assistant: Assistant) -> None:
    answer = _assistant(assistant, rewriter=Upper()).ask("what about CCGs?", history=["x"])
    assert answer.query == "WHAT ABOUT CCGS?"


def test_the_refusal_policy_passed_in_decides(assistant: Assistant) -> None:
    declining = _assistant(assistant, refusal=lambda texts: DeclineAll())
    answer = declining.ask("How much notice should a council give before cutting funding?")
    assert answer.status is Status.not_found and answer.answer == "declined: not_found"
    assert answer.citations == []


def test_answers_carry_the_time_of_each_stage(assistant: Assistant) -> None:
    answer = assistant.ask("How much notice should a council give before cutting funding?")
    stages = answer.timings_ms.stages
    for stage in ("list lookup", "embed", "dense", "lexical", "rank", "refusal", "answer",
                  "citation check"):
        assert stage in stages and stages[stage] >= 0.0, stages
    assert answer.timings_ms.retrieve >= stages["embed"]
    assert answer.timings_ms.total >= answer.timings_ms.retrieve
    listed = assistant.ask("Is there a local Compact in Shropshire?").timings_ms.stages
    assert "list lookup" in listed and "embed" not in listed
