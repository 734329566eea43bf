"""`compact-assistant eval`: run the suite on the system and the baselines, report, gate."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from assistant.config import Settings
from assistant.schemas import Document
from assistant.search.embedders import Embedder

from .cases import CASES_FILE, Case, load_cases
from .console import print_comparison, print_gate, print_growth, print_run
from .corpus import document_texts, load_documents, with_rows_named
from .gate import THRESHOLDS_FILE, check, load_thresholds
from .report import write_failures, write_report
from .results import SuiteResult, compare, load, save
from .runner import run_system
from .systems import AssistantSystem, HttpError, System

RESULTS_DIR = Path(__file__).resolve().parent / "results"
WIDTH = 132  # columns of the tables when the output is a log, not a terminal


@dataclass(frozen=True)
class EvalOptions:
    """What `compact-assistant eval` was asked to do."""

    url: str | None = None
    check: bool = False
    compare: Path | None = None
    cases_file: Path = CASES_FILE
    thresholds_file: Path = THRESHOLDS_FILE
    out_dir: Path = RESULTS_DIR
    baselines: bool = True
    gate_split: str | None = "test"  # the frozen split the gate judges; None: every case
    only_split: str | None = None  # ask only this split's cases
    growth: bool = False  # also run the corpus-growth check on the gated split


def run_eval(options: EvalOptions, settings: Settings, console: Console | None = None) -> int:
    """Run the whole suite; 1 when --check is set and the gate fails, 2 if an input file cannot
    be read or the API is down."""
    console = console or Console(stderr=True)
    started = time.perf_counter()
    try:  # every file the run reads, read first: a mistyped path must not cost a whole run
        cases = load_cases(options.cases_file)
        load_thresholds(options.thresholds_file)
        if options.compare:
            load(options.compare)
    except (OSError, ValueError) as error:
        console.print(f"[red]error:[/red] {error}")
        return 2
    if options.only_split:
        cases = [case for case in cases if case.split == options.only_split]
    documents = load_documents(settings.corpus_dir)
    cases = with_rows_named(cases, documents)
    systems = build_systems(options, settings, documents, console)
    texts = document_texts(documents)
    try:
        result = evaluate(systems, cases, texts, console)
    except (OSError, HttpError) as error:  # the warm-up question failed: the API is not usable
        console.print(f"[red]error:[/red] cannot use {options.url or 'the assistant'}: {error}")
        return 2
    result.target = options.url or "in-process"
    result.cases_file = str(options.cases_file)
    if options.growth and isinstance(systems[0], AssistantSystem):  # in process, not --url
        result.growth = _growth(settings, systems[0].assistant.embedder, cases, texts, result,
                                options.gate_split, console)
    result.seconds = time.perf_counter() - started
    return finish(result, options, Console(width=None if sys.stdout.isatty() else WIDTH))


def build_systems(
    options: EvalOptions, settings: Settings, documents: list[Document], console: Console
) -> list[System]:
    """The system (in-process after updating the index, or over HTTP), then the baselines."""
    from assistant.pipeline import build_embedder

    embedder: Embedder | None = None
    if options.url:
        from .systems import HttpSystem

        systems: list[System] = [HttpSystem(options.url)]
    else:
        embedder = build_embedder(settings)
        systems = [_in_process(settings, embedder, console)]
    if options.baselines:
        systems += baselines(documents, lambda: embedder or build_embedder(settings))
    return systems


def baselines(documents: list[Document], embedder: Callable[[], Embedder]) -> list[System]:
    """BM25 alone and the LangChain recipe, over the same documents, seen as systems."""
    from .baselines import BM25Baseline, LangChainBaseline
    from .systems import Memoryless

    return [
        Memoryless(BM25Baseline(documents)),
        Memoryless(LangChainBaseline(documents, embedder())),
    ]


def evaluate(
    systems: Sequence[System],
    cases: Sequence[Case],
    documents: dict[str, str],
    console: Console | None = None,
) -> SuiteResult:
    """Every case through every system; the first system is the one under test."""
    runs = []
    with Progress(console=console or Console(stderr=True), transient=True) as progress:
        for system in systems:
            task = progress.add_task(system.label, total=len(cases))
            runs.append(run_system(system, cases, documents, partial(progress.advance, task)))
    created = datetime.now().isoformat(timespec="seconds")
    return SuiteResult(created, "", "", runs)


def finish(result: SuiteResult, options: EvalOptions, console: Console) -> int:
    """Gate, write results.json, the report and failures.md, print; the exit code."""
    gated = result.system.gated_summary(options.gate_split)
    failures = check(gated, load_thresholds(options.thresholds_file))
    split = options.gate_split if options.gate_split in result.system.splits else "all cases"
    result.gate = {
        "thresholds": str(options.thresholds_file), "split": split,
        "passed": not failures, "failures": failures,
    }
    folder = _new_folder(options.out_dir)
    paths = [save(result, folder), write_report(result, folder), write_failures(result, folder)]
    print_run(console, result)
    if options.compare:
        print_comparison(console, compare(load(options.compare), result), str(options.compare))
    if result.growth:
        print_growth(console, result.growth)
    print_gate(console, failures, f"{options.thresholds_file}, on {split}")
    each = ", ".join(f"{run.name} {run.seconds:.1f} s" for run in result.runs)
    console.print(f"Run took {result.seconds:.1f} s ({each}).")
    console.print("Wrote " + ", ".join(str(path) for path in paths))
    return 1 if options.check and failures else 0


def _in_process(settings: Settings, embedder: Embedder, console: Console) -> System:
    from assistant.pipeline import build_assistant, build_indexer

    report = build_indexer(settings, embedder_factory=lambda: embedder).build()
    console.print(
        f"Index {report.version}: {report.chunk_count} passages"
        + ("" if report.up_to_date else f", {len(report.embedded_docs)} document(s) embedded")
    )
    for error in report.errors:
        console.print(f"[yellow]not indexed:[/yellow] {error}")
    return AssistantSystem(build_assistant(settings, embedder=embedder))


def _growth(
    settings: Settings, embedder: Embedder, cases: list[Case], documents: dict[str, str],
    result: SuiteResult, split: str | None, console: Console,
) -> list[dict[str, object]]:
    """The corpus-growth check over the gated split (every case when there is none), with the
    embedder the run already loaded."""
    from .growth import growth_check

    chosen = [c for c in cases if not split or c.split == split]
    with_all = {r.case_id: r for r in result.system.results}
    console.print(f"Corpus-growth check: {len(chosen)} cases, one document left out at a time…")
    rows = growth_check(settings, embedder, chosen, with_all, documents)
    return [{"document": r.document, "cases": r.cases, "harmed": r.harmed, "helped": r.helped,
             "harmed_share": round(r.harmed_share, 4)} for r in rows]


def _new_folder(root: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder, n = root / stamp, 1
    while folder.exists():
        n += 1
        folder = root / f"{stamp}-{n}"
    folder.mkdir(parents=True)
    return folder

