"""Questions answered in this process: the stock floor (PyTorch embedding one question), the
new floor (the default runtime, and its int8 variant), `ask` and the LangChain recipe, all
measured in the same runs.

Within a run, the default runtime's floor, `ask` and the recipe (one model, one session) are
timed question by question in one pass; each other runtime's floor gets a pass of its own, and
the passes' order turns by one from run to run. Not all question by question: PyTorch's and
ONNX Runtime's thread pools (one per session) spin for a while after a call, so a call right
after another runtime's shares the cores with spinning threads (measured here under load: 121
ms against 35-76 ms for the stock floor in passes of its own).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from assistant.config import EmbeddingRuntime
from assistant.pipeline import Assistant

from .fixtures import FreshEmbedder, cache_sized
from .stats import Summary, median_of, summarize

WARM_UP_QUESTIONS = 5
STOCK = EmbeddingRuntime.torch.value  # the reference runtime: the "stock floor"


@dataclass
class InProcessResult:
    """Median over runs of each figure, in milliseconds."""

    runs: int
    questions: int
    runtime: str  # the default runtime, which `ask` and the recipe embed with
    floors: dict[str, Summary]  # by runtime: embedding one question, no cache
    ask: Summary
    stages: dict[str, Summary]
    recipe: Summary
    ask_cached: Summary
    # The textbook recipe as LangChain users build it (HuggingFaceEmbeddings: PyTorch), timed
    # in the stock floor's pass; None when the stock runtime is not loaded.
    recipe_stock: Summary | None = None

    @property
    def stock_floor(self) -> Summary:
        """PyTorch embedding one question: the floor of issue 8, the yardstick of issue 14."""
        return self.floors[STOCK]

    @property
    def new_floor(self) -> Summary:
        """The default runtime embedding one question."""
        return self.floors[self.runtime]


def _ms(call: Callable[[], Any]) -> tuple[float, Any]:
    clock = time.perf_counter()
    value = call()
    return (time.perf_counter() - clock) * 1000.0, value


def measure_in_process(
    assistant: Assistant,
    cached: Assistant,
    floors: dict[str, FreshEmbedder],
    recipe: Any,
    questions: list[str],
    runs: int,
    runtime: str,
    stock_recipe: Any | None = None,
) -> InProcessResult:
    """Every floor, `ask` and the recipe (and the recipe on the stock runtime, when given)
    over every question, `runs` times over."""
    for question in questions[:WARM_UP_QUESTIONS]:
        assistant.ask(question), recipe.ask(question)
        if stock_recipe is not None:
            stock_recipe.ask(question)
        for embedder in floors.values():
            embedder.embed_query(question)
    per_run: dict[str, list[Summary]] = defaultdict(list)
    for run in range(runs):
        samples = _one_run(assistant, floors, recipe, questions, runtime, run, stock_recipe)
        for name, values in samples.items():
            per_run[name].append(summarize(values))
    per_run["ask_cached"] = _cached_runs(cached, questions, runs)
    medians = {name: median_of(summaries) for name, summaries in per_run.items()}
    return InProcessResult(
        runs=runs,
        questions=len(questions),
        runtime=runtime,
        floors={name: medians[f"floor:{name}"] for name in floors},
        ask=medians["ask"],
        stages={k.split(":", 1)[1]: v for k, v in medians.items() if k.startswith("stage:")},
        recipe=medians["recipe"],
        ask_cached=medians["ask_cached"],
        recipe_stock=medians.get("recipe_stock"),
    )


def _one_run(
    assistant: Assistant, floors: dict[str, FreshEmbedder], recipe: Any, questions: list[str],
    runtime: str, turn: int, stock_recipe: Any | None = None,
) -> dict[str, list[float]]:
    """Milliseconds per question of each measurement, with `ask`'s own stage timings; the
    passes (see the module's docstring) start with the `turn`-th."""
    default = floors[runtime]
    passes: list[list[tuple[str, Callable[[str], Any]]]] = [
        [(f"floor:{name}", embedder.embed_query)] for name, embedder in floors.items()
        if name != runtime
    ]
    if stock_recipe is not None and STOCK in floors and STOCK != runtime:
        stock_pass = next(p for p in passes if p[0][0] == f"floor:{STOCK}")
        stock_pass.append(("recipe_stock", stock_recipe.ask))
    passes.append([(f"floor:{runtime}", default.embed_query), ("ask", assistant.ask),
                   ("recipe", recipe.ask)])
    turn %= len(passes)
    samples: dict[str, list[float]] = defaultdict(list)
    for calls in passes[turn:] + passes[:turn]:
        for question in questions:
            for name, call in calls:
                elapsed, value = _ms(partial(call, question))
                samples[name].append(elapsed)
                if name == "ask":
                    _add_stages(samples, value)
    return samples


def _add_stages(samples: dict[str, list[float]], answer: Any) -> None:
    """`ask`'s own timings of each stage, as samples named `stage:NAME`."""
    timings = answer.timings_ms
    for stage, value in {**timings.stages, "retrieve": timings.retrieve,
                         "total": timings.total}.items():
        samples[f"stage:{stage}"].append(value)


def _cached_runs(cached: Assistant, questions: list[str], runs: int) -> list[Summary]:
    """`ask` with the production embedder once every question is in its cache."""
    questions = cache_sized(questions)
    for question in questions:
        cached.ask(question)
    return [summarize([_ms(partial(cached.ask, q))[0] for q in questions]) for _ in range(runs)]
