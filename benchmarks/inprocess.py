"""Questions answered in this process: the embedding floor, `ask`, its stages, the recipe."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from assistant.pipeline import Assistant

from .fixtures import FreshEmbedder
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
    for _ in range(runs):
        samples = _one_run(assistant, embedder, recipe, questions)
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
    )


def _one_run(
    assistant: Assistant, embedder: FreshEmbedder, recipe: Any, questions: list[str],
) -> dict[str, list[float]]:
    """Milliseconds per question of each measurement, with `ask`'s own stage timings."""
    samples: dict[str, list[float]] = defaultdict(list)
    for question in questions:
        samples["floor"].append(_ms(partial(embedder.embed_query, question))[0])
        elapsed, answer = _ms(partial(assistant.ask, question))
        samples["ask"].append(elapsed)
        timings = answer.timings_ms
        for stage, value in {**timings.stages, "retrieve": timings.retrieve,
                             "total": timings.total}.items():
            samples[f"stage:{stage}"].append(value)
        samples["recipe"].append(_ms(partial(recipe.ask, question))[0])
    return samples


def _cached_runs(cached: Assistant, questions: list[str], runs: int) -> list[Summary]:
    """`ask` with the production embedder once every question is in its cache."""
    for question in questions:
        cached.ask(question)
    return [summarize([_ms(partial(cached.ask, q))[0] for q in questions]) for _ in range(runs)]
