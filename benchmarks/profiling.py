"""Where the time of `ask` goes: cProfile's own-time, summed by package."""

from __future__ import annotations

import cProfile
import pstats
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.pipeline import Assistant

_BUILTIN_OWNERS = ("onnxruntime", "tokenizers", "torch", "chromadb", "numpy", "rapidfuzz",
                   "pydantic", "sqlite3", "re")


def _owner(filename: str, function: str) -> str:
    """The package (or assistant module) a profiled function belongs to."""
    if filename == "~":  # a C function: name it by what it is bound to
        return next((f"{name} (C)" for name in _BUILTIN_OWNERS if name in function), "builtins")
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if "assistant" in parts:
        return f"assistant.{path.stem}"
    if "benchmarks" in parts:
        return "benchmarks"
    return "python stdlib"


HOT_SPOTS = 8  # the project's functions listed by time spent in them and what they call


@dataclass
class Profile:
    """Milliseconds per question: own time by package, largest first, then ("total", ms); and
    the project's busiest functions by cumulative time (what they call included)."""

    by_package: list[tuple[str, float]]
    hot_spots: list[tuple[str, float]]

    @property
    def total(self) -> float:
        """Own time of everything, per question."""
        return dict(self.by_package).get("total", float("nan"))


def profile_asks(assistant: Assistant, questions: list[str], out: Path) -> Profile:
    """`ask` profiled over every question; the full listing to `out`."""
    return profile_calls(assistant.ask, questions, out)


def profile_calls(call: Callable[[str], Any], questions: list[str], out: Path) -> Profile:
    """cProfile while `call` takes every question; the top functions to `out`."""
    profiler = cProfile.Profile()
    profiler.enable()
    for question in questions:
        call(question)
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_owner: Counter[str] = Counter()
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_owner[_owner(filename, function)] += own
    total = sum(by_owner.values()) or 1.0
    with out.open("w") as listing:
        stats.stream = listing  # type: ignore[attr-defined]
        stats.sort_stats("tottime").print_stats(40)
    per_question = {owner: own * 1000.0 / len(questions) for owner, own in by_owner.items()}
    by_package = [(owner, per_question[owner]) for owner, _ in by_owner.most_common()]
    return Profile(by_package + [("total", total * 1000.0 / len(questions))],
                   _hot_spots(stats, len(questions)))


def _hot_spots(stats: pstats.Stats, questions: int) -> list[tuple[str, float]]:
    """The assistant's functions below the entry points, by cumulative ms per question."""
    entries = ("pipeline.py", "conversations.py")  # `ask` itself: everything is under it
    spots = [
        (f"{Path(filename).parent.name}/{Path(filename).name}:{function}", cumulative)
        for (filename, _, function), (_, _, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
        if "/assistant/" in filename and not filename.endswith(entries)
    ]
    spots.sort(key=lambda spot: spot[1], reverse=True)
    return [(name, seconds * 1000.0 / questions) for name, seconds in spots[:HOT_SPOTS]]
