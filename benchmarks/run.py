"""`make bench`: run every benchmark and write benchmarks/RESULTS.md.

    python -m benchmarks.run            # everything (the 100,000-chunk corpus takes a while)
    python -m benchmarks.run --quick    # only the 1,000-chunk corpus; fewer in-process runs
    python -m benchmarks.run --only inprocess agreement   # some sections
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.config import EmbeddingRuntime
from assistant.search.embedders import Embedder, MiniLMEmbedder, OnnxMiniLMEmbedder

from .contention import CpuMonitor
from .fixtures import (
    CORPUS_DIR,
    DEFAULT_RUNTIME,
    OUTPUT_DIR,
    RESULTS_FILE,
    FreshEmbedder,
    evaluation_questions,
    runtime_embedder,
    settings_for,
)
from .machine import describe, load_average
from .results import BenchResults

SECTIONS = ("build", "inprocess", "agreement", "http", "coldstart", "growth")
HTTP_LEVELS = [1, 4, 16]
RUNS, QUICK_RUNS = 5, 3  # in-process runs; each is a pass per measurement over 300+ questions
SIZES, QUICK_SIZES = [1_000, 10_000, 100_000], [1_000]  # synthetic corpora, in chunks
UNBATCHED_LEVELS = [16]  # run again with COMPACT_MICRO_BATCHING=false, for comparison
SAVED = OUTPUT_DIR / "results.pickle"  # the last run's figures, for --render-only


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="only the 1,000-chunk synthetic corpus; fewer in-process runs")
    parser.add_argument("--runs", type=int,
                        help=f"in-process runs (default {RUNS}, with --quick {QUICK_RUNS})")
    parser.add_argument("--process-runs", type=int, default=3,
                        help="HTTP runs per concurrency, cold starts, builds (default 3)")
    parser.add_argument("--sizes", type=int, nargs="+", help="synthetic corpus sizes in chunks")
    parser.add_argument("--full-build", action="store_true",
                        help="embed every synthetic corpus fully, however long it takes")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--results", type=Path, default=RESULTS_FILE, help="where to write")
    parser.add_argument("--render-only", action="store_true",
                        help="rewrite the results file from the last run's saved figures")
    args = parser.parse_args(argv)
    args.runs = args.runs or (QUICK_RUNS if args.quick else RUNS)
    return args


@dataclass
class Models:
    """The runtimes the sections need, loaded once: PyTorch (the stock model, the yardstick),
    the default runtime (what production serves with) and, when that is ONNX, its int8
    variant (compared, never served)."""

    stock: MiniLMEmbedder
    default: MiniLMEmbedder | OnnxMiniLMEmbedder
    int8: OnnxMiniLMEmbedder | None

    def by_runtime(self) -> dict[str, Embedder]:
        """Every loaded runtime by its `COMPACT_EMBEDDING_RUNTIME` name, PyTorch first."""
        loaded: dict[str, Embedder] = {EmbeddingRuntime.torch.value: self.stock,
                                       DEFAULT_RUNTIME.value: self.default}
        if self.int8 is not None:
            loaded[EmbeddingRuntime.onnx_int8.value] = self.int8
        return loaded


def load_models(results: BenchResults) -> Models:
    """The runtimes, timing each load (ONNX files are exported here if not cached yet, so
    later sections, cold start included, find them cached)."""
    runtimes = [EmbeddingRuntime.torch, DEFAULT_RUNTIME]
    if DEFAULT_RUNTIME is EmbeddingRuntime.onnx:
        runtimes.append(EmbeddingRuntime.onnx_int8)
    loaded = {}
    for runtime in runtimes:
        clock = time.perf_counter()
        loaded[runtime] = runtime_embedder(runtime)
        results.model_load_s[runtime.value] = time.perf_counter() - clock
    stock, int8 = loaded[EmbeddingRuntime.torch], loaded.get(EmbeddingRuntime.onnx_int8)
    assert isinstance(stock, MiniLMEmbedder)
    assert int8 is None or isinstance(int8, OnnxMiniLMEmbedder)
    return Models(stock, loaded[DEFAULT_RUNTIME], int8)


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
        models = load_models(results)
    try:
        _run_sections(results, monitor, models, questions, args)
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
    results: BenchResults, monitor: CpuMonitor, models: Models, questions: list[str],
    args: argparse.Namespace,
) -> None:
    from .build_speed import full_build, measure_builds

    sections = set(args.only or SECTIONS)
    log = OUTPUT_DIR / "bench.log"
    index_dir = OUTPUT_DIR / "builds" / "build-0"
    if "build" in sections:
        say("indexing: full builds and no-change runs")
        with monitor.section("indexing"):
            results.builds = measure_builds(OUTPUT_DIR / "builds", models.default,
                                            args.process_runs, models.stock)
    elif not index_dir.exists():
        full_build(index_dir, models.default)
    if "inprocess" in sections:
        say("in process: stock and new floors, ask, stages, LangChain recipe, profile")
        with monitor.section("in process"):
            _in_process(results, models, questions, index_dir, args.runs)
    if "agreement" in sections:
        say("runtime agreement: vectors, rankings, hit@1")
        with monitor.section("agreement"):
            _agreement(results, models, questions)
    if "http" in sections:
        say(f"HTTP: concurrency {', '.join(map(str, HTTP_LEVELS))}, and "
            f"{', '.join(map(str, UNBATCHED_LEVELS))} without micro-batching; the store")
        with monitor.section("HTTP"):
            _http(results, models, questions, index_dir, args.process_runs, log)
    if "coldstart" in sections:
        from .coldstart import measure_cold_start

        say("cold start")
        with monitor.section("cold start"):
            results.cold_start = measure_cold_start(index_dir, args.process_runs,
                                                    args.process_runs, log)
    if "growth" in sections:
        _growth(results, monitor, models, questions, args, log)


def _in_process(
    results: BenchResults, models: Models, questions: list[str], index_dir: Path, runs: int,
) -> None:
    from assistant.pipeline import build_assistant

    from .inprocess import measure_in_process
    from .profiling import profile_asks
    from .recipe import langchain_recipe

    embedder = FreshEmbedder(models.default)
    floors = {name: FreshEmbedder(model) for name, model in models.by_runtime().items()}
    floors[DEFAULT_RUNTIME.value] = embedder
    settings = settings_for(index_dir)
    assistant = build_assistant(settings, embedder=embedder)
    cached = build_assistant(settings, embedder=models.default)
    recipe = langchain_recipe(embedder)
    stock = floors.get(EmbeddingRuntime.torch.value)
    results.in_process = measure_in_process(
        assistant, cached, floors, recipe, questions, runs, DEFAULT_RUNTIME.value,
        stock_recipe=langchain_recipe(stock) if stock is not None else None,
    )
    results.profile = profile_asks(assistant, questions, OUTPUT_DIR / "profile.txt")


def _agreement(results: BenchResults, models: Models, questions: list[str]) -> None:
    from .agreement import measure_agreement
    from .recipe import langchain_recipe

    recipe = langchain_recipe(FreshEmbedder(models.default))
    results.agreement = measure_agreement(models.by_runtime(), recipe, DEFAULT_RUNTIME.value,
                                          questions, OUTPUT_DIR / "agreement")


def _http(
    results: BenchResults, models: Models, questions: list[str], index_dir: Path, runs: int,
    log: Path,
) -> None:
    from assistant.pipeline import build_assistant

    from .conversation_store import measure_store
    from .http_bench import measure_http

    results.http = measure_http(index_dir, questions, HTTP_LEVELS, runs, log, models.stock,
                                UNBATCHED_LEVELS)
    settings = settings_for(index_dir)
    cached = build_assistant(settings, embedder=models.default)
    results.http.store = measure_store(
        cached, lambda embedder: build_assistant(settings, embedder=embedder), models.default,
        questions, OUTPUT_DIR, [1, 16], runs)


def _growth(
    results: BenchResults, monitor: CpuMonitor, models: Models, questions: list[str],
    args: argparse.Namespace, log: Path,
) -> None:
    from .growth import check_shared_builds, measure_growth

    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    say(f"growth: {', '.join(f'{s:,}' for s in sizes)} chunks")
    folder = OUTPUT_DIR / "growth"
    shipped = (OUTPUT_DIR / "builds" / "build-0", CORPUS_DIR)
    model = models.default
    results.growth = measure_growth(folder, model, sizes, args.process_runs, log,
                                    args.full_build, say, monitor.section, shipped)
    if any(row.how != "full" for row in results.growth):
        say("checking a shared-vector build against a full build")
        results.shared_check = check_shared_builds(folder, results.growth, model, questions)


if __name__ == "__main__":
    sys.exit(main())
