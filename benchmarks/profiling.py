"""Where the time of `ask` goes: cProfile's own-time, summed by package."""

from __future__ import annotations

import cProfile
import pstats
from collections import Counter
from pathlib import Path

from assistant.pipeline import Assistant

_BUILTIN_OWNERS = ("torch", "chromadb", "numpy", "rapidfuzz", "pydantic", "re")


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


def profile_asks(assistant: Assistant, questions: list[str], out: Path) -> list[tuple[str, float]]:
    """Share of own time per package while asking every question; the full listing to `out`."""
    profiler = cProfile.Profile()
    profiler.enable()
    for question in questions:
        assistant.ask(question)
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
    return [(owner, per_question[owner]) for owner, _ in by_owner.most_common()] + [
        ("total", total * 1000.0 / len(questions))
    ]
