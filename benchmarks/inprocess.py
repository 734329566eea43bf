"""Questions answered in this process: the embedding floor, `ask`, its stages, the recipe."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from assistant.pipeline import Assistant

from .fixtures import FreshEmbedder
from .stages import timed_ask
from .stats import Summary, median_of, summarize

WARM_UP_QUESTIONS = 5


@dataclass
class InProcessResult:
    """Median over runs of each figure, in milliseconds."""

    runs: int
    questions: int
    floor: Summary
    ask: Summary
    stages: dict[str, Summary]
    recipe: Summary
    ask_cached: Summary
    mismatches: list[str] = field(default_factory=list)


def _ms(call: Callable[[], Any]) -> tuple[float, Any]:
    clock = time.perf_counter()
    value = call()
    return (time.perf_counter() - clock) * 1000.0, value


def measure_in_process(
    assistant: Assistant,
    cached: Assistant,
    embedder: FreshEmbedder,
    recipe: Any,
    questions: list[str],
    runs: int,
) -> InProcessResult:
    """Interleave floor, `ask`, staged `ask` and the recipe per question, `runs` times over."""
    for question in questions[:WARM_UP_QUESTIONS]:
        assistant.ask(question), recipe.ask(question), embedder.embed_query(question)
    per_run: dict[str, list[Summary]] = defaultdict(list)
    mismatches: list[str] = []
    for run in range(runs):
        samples = _one_run(assistant, embedder, recipe, questions, mismatches if run == 0 else None)
        for name, values in samples.items():
            per_run[name].append(summarize(values))
    per_run["ask_cached"] = _cached_runs(cached, questions, runs)
    medians = {name: median_of(summaries) for name, summaries in per_run.items()}
    return InProcessResult(
        runs=runs,
        questions=len(questions),
        floor=medians["floor"],
        ask=medians["ask"],
        stages={k.split(":", 1)[1]: v for k, v in medians.items() if k.startswith("stage:")},
        recipe=medians["recipe"],
        ask_cached=medians["ask_cached"],
        mismatches=mismatches,
    )


def _one_run(
    assistant: Assistant, embedder: FreshEmbedder, recipe: Any, questions: list[str],
    mismatches: list[str] | None,
) -> dict[str, list[float]]:
    """Milliseconds per question of each measurement; questions whose staged answer differs
    from `ask`'s go to `mismatches` when given."""
    samples: dict[str, list[float]] = defaultdict(list)
    for question in questions:
        samples["floor"].append(_ms(partial(embedder.embed_query, question))[0])
        elapsed, answer = _ms(partial(assistant.ask, question))
        samples["ask"].append(elapsed)
        stages, text = _staged(assistant, question)
        for stage, value in stages.items():
            samples[f"stage:{stage}"].append(value)
        samples["recipe"].append(_ms(partial(recipe.ask, question))[0])
        if mismatches is not None and text != answer.answer:
            mismatches.append(question)
    return samples


def _staged(assistant: Assistant, question: str) -> tuple[dict[str, float], str]:
    """The staged copy of `ask`; no stages if it fails (say, when `ask` changed shape)."""
    try:
        return timed_ask(assistant, question)
    except Exception as error:  # reported as a mismatch, not fatal to the run
        return {}, f"failed: {error!r}"


def _cached_runs(cached: Assistant, questions: list[str], runs: int) -> list[Summary]:
    """`ask` with the production embedder once every question is in its cache."""
    for question in questions:
        cached.ask(question)
    return [summarize([_ms(partial(cached.ask, q))[0] for q in questions]) for _ in range(runs)]
