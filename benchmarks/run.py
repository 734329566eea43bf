"""`make bench`: run every benchmark and write benchmarks/RESULTS.md.

    python -m benchmarks.run            # everything (the 100,000-chunk corpus takes a while)
    python -m benchmarks.run --quick    # skip the 100,000-chunk corpus
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.search.embedders import MiniLMEmbedder

from .contention import CpuMonitor
from .fixtures import (
    CORPUS_DIR,
    OUTPUT_DIR,
    RESULTS_FILE,
    FreshEmbedder,
    evaluation_questions,
    settings_for,
)
from .machine import describe, load_average
from .results import BenchResults

SECTIONS = ("build", "inprocess", "http", "coldstart", "growth")
HTTP_LEVELS = [1, 4, 16]
SAVED = OUTPUT_DIR / "results.pickle"  # the last run's figures, for --render-only


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-chunk corpus")
    parser.add_argument("--runs", type=int, default=5, help="in-process runs (default 5)")
    parser.add_argument("--process-runs", type=int, default=3,
                        help="HTTP runs per concurrency, cold starts, builds (default 3)")
    parser.add_argument("--sizes", type=int, nargs="+", help="synthetic corpus sizes in chunks")
    parser.add_argument("--full-build", action="store_true",
                        help="embed every synthetic corpus fully, however long it takes")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--results", type=Path, default=RESULTS_FILE, help="where to write")
    parser.add_argument("--render-only", action="store_true",
                        help="rewrite the results file from the last run's saved figures")
    return parser.parse_args(argv)


def say(message: str) -> None:
    """Progress on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen benchmarks, then write the results file."""
    args = parse_args(argv)
    if args.render_only:
        return _write(pickle.loads(SAVED.read_bytes()), args.results)
    started = time.perf_counter()
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    questions = evaluation_questions()
    results = BenchResults(describe(), len(questions), load=[("start", load_average())])
    given = sys.argv[1:] if argv is None else list(argv)
    results.command = " ".join(["python -m benchmarks.run", *given])
    monitor = CpuMonitor().start()
    with monitor.section("model load"):
        clock = time.perf_counter()
        model = MiniLMEmbedder()
        results.model_load_s = time.perf_counter() - clock
    try:
        _run_sections(results, monitor, model, questions, args)
    finally:
        monitor.stop()
    results.busy = monitor.sections
    results.load.append(("end", load_average()))
    results.seconds = time.perf_counter() - started
    SAVED.write_bytes(pickle.dumps(results))
    return _write(results, args.results)


def _write(results: BenchResults, path: Path) -> int:
    from .report import render

    path.write_text(render(results), encoding="utf-8")
    say(f"wrote {path} ({results.seconds / 60:.1f} minutes of benchmarks)")
    return 0


def _run_sections(
    results: BenchResults, monitor: CpuMonitor, model: MiniLMEmbedder, questions: list[str],
    args: argparse.Namespace,
) -> None:
    from .build_speed import full_build, measure_builds

    sections = set(args.only or SECTIONS)
    log = OUTPUT_DIR / "bench.log"
    index_dir = OUTPUT_DIR / "builds" / "build-0"
    if "build" in sections:
        say("indexing: full builds and no-change runs")
        with monitor.section("indexing"):
            results.builds = measure_builds(OUTPUT_DIR / "builds", model, args.process_runs)
    elif not index_dir.exists():
        full_build(index_dir, model)
    if "inprocess" in sections:
        say("in process: floor, ask, stages, LangChain recipe, profile")
        with monitor.section("in process"):
            _in_process(results, model, questions, index_dir, args.runs)
    if "http" in sections:
        say(f"HTTP: concurrency {', '.join(map(str, HTTP_LEVELS))}; the conversation store")
        with monitor.section("HTTP"):
            _http(results, model, questions, index_dir, args.process_runs, log)
    if "coldstart" in sections:
        from .coldstart import measure_cold_start

        say("cold start")
        with monitor.section("cold start"):
            results.cold_start = measure_cold_start(index_dir, args.process_runs,
                                                    args.process_runs, log)
    if "growth" in sections:
        _growth(results, monitor, model, questions, args, log)


def _in_process(
    results: BenchResults, model: MiniLMEmbedder, questions: list[str], index_dir: Path,
    runs: int,
) -> None:
    from assistant.pipeline import build_assistant

    from .inprocess import measure_in_process
    from .profiling import profile_asks
    from .recipe import langchain_recipe

    embedder = FreshEmbedder(model)
    settings = settings_for(index_dir)
    assistant = build_assistant(settings, embedder=embedder)
    cached = build_assistant(settings, embedder=model)
    recipe = langchain_recipe(embedder)
    results.in_process = measure_in_process(assistant, cached, embedder, recipe, questions, runs)
    results.profile = profile_asks(assistant, questions, OUTPUT_DIR / "profile.txt")


def _http(
    results: BenchResults, model: MiniLMEmbedder, questions: list[str], index_dir: Path,
    runs: int, log: Path,
) -> None:
    from assistant.pipeline import build_assistant

    from .conversation_store import measure_store
    from .http_bench import measure_http

    results.http = measure_http(index_dir, questions, HTTP_LEVELS, runs, log)
    cached = build_assistant(settings_for(index_dir), embedder=model)
    results.http.store = measure_store(cached, questions, OUTPUT_DIR, [1, 16], runs)


def _growth(
    results: BenchResults, monitor: CpuMonitor, model: MiniLMEmbedder, questions: list[str],
    args: argparse.Namespace, log: Path,
) -> None:
    from .growth import check_shared_builds, measure_growth

    sizes = args.sizes or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    say(f"growth: {', '.join(f'{s:,}' for s in sizes)} chunks")
    folder = OUTPUT_DIR / "growth"
    shipped = (OUTPUT_DIR / "builds" / "build-0", CORPUS_DIR)
    results.growth = measure_growth(folder, model, sizes, args.process_runs, log,
                                    args.full_build, say, monitor.section, shipped)
    if any(row.how != "full" for row in results.growth):
        say("checking a shared-vector build against a full build")
        results.shared_check = check_shared_builds(folder, results.growth, model, questions)


if __name__ == "__main__":
    sys.exit(main())
