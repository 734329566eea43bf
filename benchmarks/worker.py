"""A fresh process that loads an index and answers questions, reporting as JSON lines.

Run by the cold-start and growth benchmarks: `python -m benchmarks.worker INDEX_DIR CORPUS_DIR`.
It prints `{"event": "first_answer", ...}` as soon as the first question is answered (the
parent times that from spawning the process), then `{"event": "done", ...}` with the latency
of every evaluation question (no question cache; after one warm-up pass) and the resident
memory. With `--baseline INDEX_DIR CORPUS_DIR` it then loads a second index and asks each
question of both, one after the other, so the two can be compared under the same conditions.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections import defaultdict  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def emit(event: str, **fields: Any) -> None:
    """Print one JSON line for the parent."""
    print(json.dumps({"event": event, **fields}), flush=True)


def main(argv: list[str] | None = None) -> int:
    """Load the index, answer the first question, then time every question `--runs` times."""
    parser = argparse.ArgumentParser(prog="benchmarks.worker")
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("corpus_dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, nargs=2, metavar=("INDEX_DIR", "CORPUS_DIR"))
    args = parser.parse_args(argv)
    steps: dict[str, float] = {}
    from assistant.pipeline import build_assistant, build_embedder

    from .fixtures import FreshEmbedder, evaluation_questions, settings_for
    from .machine import rss_mb

    clock = _step(steps, "imports", STARTED)
    settings = settings_for(args.index_dir, args.corpus_dir)
    embedder = FreshEmbedder(build_embedder(settings))
    clock = _step(steps, "model", clock)
    assistant = build_assistant(settings, embedder=embedder)
    assistant.refresh()
    clock = _step(steps, "index", clock)
    questions = evaluation_questions()
    assistant.ask(questions[0])
    _step(steps, "first answer", clock)
    emit("first_answer", steps=steps, rss_mb=rss_mb())
    ask = _timed_runs([assistant], questions, args.runs)[0]
    done = {"ask": ask, "stages": _stage_p50s(assistant, questions), "rss_mb": rss_mb(),
            "peak_rss_mb": rss_mb(field="VmHWM"), "paired": {}}
    if args.baseline:
        baseline = build_assistant(settings_for(*args.baseline), embedder=embedder)
        ours, theirs = _timed_runs([assistant, baseline], questions, args.runs)
        done["paired"] = {"index": ours, "baseline": theirs}
    emit("done", **done)
    return 0


def _timed_runs(assistants: list[Any], questions: list[str], runs: int) -> list[dict[str, float]]:
    """Per assistant, the median over runs of latency percentiles; each question is asked of
    every assistant in turn. One untimed pass first warms caches and memory."""
    from .stats import median_of, summarize

    for question in questions:
        for assistant in assistants:
            assistant.ask(question)
    summaries: list[list[dict[str, float]]] = [[] for _ in assistants]
    for _ in range(runs):
        samples: list[list[float]] = [[] for _ in assistants]
        for question in questions:
            for assistant, timings in zip(assistants, samples, strict=True):
                clock = time.perf_counter()
                assistant.ask(question)
                timings.append((time.perf_counter() - clock) * 1000.0)
        for summary, timings in zip(summaries, samples, strict=True):
            summary.append(summarize(timings))
    return [median_of(summary) for summary in summaries]


def _stage_p50s(assistant: Any, questions: list[str]) -> dict[str, float]:
    """Median milliseconds of each stage over one staged pass of the questions."""
    samples: dict[str, list[float]] = defaultdict(list)
    for question in questions:
        timings = assistant.ask(question).timings_ms
        for stage, value in {**timings.stages, "total": timings.total}.items():
            samples[stage].append(value)
    return {stage: statistics.median(values) for stage, values in samples.items()}


def _step(steps: dict[str, float], name: str, since: float) -> float:
    now = time.perf_counter()
    steps[name] = now - since
    return now


@dataclass
class WorkerResult:
    """What one worker process reported, with the parent's spawn-to-first-answer time."""

    cold_start_s: float
    steps: dict[str, float]
    first_rss_mb: float
    ask: dict[str, float] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    rss_mb: float = float("nan")
    peak_rss_mb: float = float("nan")
    paired: dict[str, dict[str, float]] = field(default_factory=dict)


def spawn(
    index_dir: Path, corpus_dir: Path, runs: int, log: Path,
    baseline: tuple[Path, Path] | None = None,
) -> WorkerResult:
    """Run a worker over an index and collect its report (RuntimeError if it fails)."""
    command = [sys.executable, "-m", "benchmarks.worker", str(index_dir), str(corpus_dir),
               "--runs", str(runs)]
    if baseline is not None:
        command += ["--baseline", str(baseline[0]), str(baseline[1])]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    with log.open("a") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True,
                                   env=env, cwd=Path(__file__).resolve().parent.parent)
        assert process.stdout is not None
        first = json.loads(process.stdout.readline() or "{}")
        cold_start = time.perf_counter() - started
        done = json.loads(process.stdout.readline() or "{}")
        if process.wait() != 0 or done.get("event") != "done":
            raise RuntimeError(f"benchmark worker failed on {index_dir}: see {log}")
    return WorkerResult(cold_start, first["steps"], first["rss_mb"], done["ask"],
                        done["stages"], done["rss_mb"], done["peak_rss_mb"], done["paired"])


if __name__ == "__main__":
    sys.exit(main())
