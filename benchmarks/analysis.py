"""Where the time goes for each missed target, written from the run's own figures."""

from __future__ import annotations

from .http_bench import HttpResult
from .results import BenchResults
from .targets import check_targets

EXTRA_STAGES = ("list lookup", "dense", "lexical", "fusion", "refusal", "answer",
                "citation check")


def explain(r: BenchResults) -> str:
    """One paragraph per missed target (empty when every target that ran is met)."""
    missed = [c.target for c in check_targets(r) if c.met is False]
    explainers = (
        ("`ask` p50", _ask_p50), ("`ask` p95", _ask_p95), ("HTTP", _http),
        ("≥ 2 × faster", _recipe), ("no-change", _no_change), ("full build", _full_build),
        ("at 100,000 chunks", _growth), ("cold start", _cold_start),
    )
    paragraphs = []
    for prefix, explainer in explainers:
        text = explainer(r) if any(t.startswith(prefix) for t in missed) else ""
        if text:
            paragraphs.append(f"- {text}")
    if not paragraphs:
        return ""
    return "## Where the time goes in the missed targets\n\n" + "\n\n".join(paragraphs)


def _stage_line(stages: dict[str, dict[str, float]], key: str = "p50") -> str:
    return ", ".join(f"{name} {stages[name][key]:.1f}" for name in EXTRA_STAGES if name in stages)


def _ask_p50(r: BenchResults) -> str:
    p = r.in_process
    if p is None:
        return ""
    return (f"**`ask` p50**: {p.ask['p50']:.1f} ms against a floor of {p.floor['p50']:.1f} ms. "
            f"Besides the embedding, the stages' p50s in ms: {_stage_line(p.stages)}.")


def _ask_p95(r: BenchResults) -> str:
    p = r.in_process
    if p is None:
        return ""
    others = next((b.others_mean for b in r.busy if b.section == "in process"), float("nan"))
    return (
        f"**`ask` p95**: {p.ask['p95']:.1f} ms, but the floor's own p95 is {p.floor['p95']:.1f} "
        f"ms ({p.floor['p95'] / p.floor['p50']:.1f} × its p50) and the embed stage's "
        f"{p.stages.get('embed', {}).get('p95', float('nan')):.1f} ms: the tail is the model's, "
        "torch's two threads waiting on each other when other processes hold a core (they used "
        f"{others:.2f} cores on average during this section). The other stages' p95s in ms: "
        f"{_stage_line(p.stages, 'p95')}."
    )


def _http(r: BenchResults) -> str:
    h = r.http
    if h is None or 16 not in h.fresh:
        return ""
    x = h.fresh[16]
    floor = r.in_process.floor["p50"] if r.in_process else float("nan")
    return (
        f"**HTTP at concurrency 16**: {x.throughput:.0f} answers/s with {x.latency['p50']:.0f} ms "
        f"p50 and {x.latency['p95']:.0f} ms p95, while the answers' own `timings_ms.total` p50 "
        f"is {x.server['p50']:.0f} ms: the rest is waiting. With 16 requests in flight, mean "
        f"latency is 16 / throughput = {16000 / x.throughput:.0f} ms (Little's law), so p95 < "
        "100 ms needs well over 160 answers/s: at most 12.5 ms of CPU time per answer on two "
        "cores, everything included, when embedding the question alone keeps both cores busy "
        f"for about the floor ({floor:.1f} ms), up to twice that in CPU time."
        + _repeated_note(h) + _store_note(h)
    )


def _repeated_note(h: HttpResult) -> str:
    x = h.repeated.get(16)
    if x is None:
        return ""
    return (
        f" Repeated questions show the tail without the model: at concurrency 16 the answers' "
        f"own p50 is {x.server['p50']:.1f} ms, yet the p95 is {x.latency['p95']:.0f} ms."
    )


def _store_note(h: HttpResult) -> str:
    delete = h.store.by_mode.get("delete", {}) if h.store else {}
    if 1 not in delete or 16 not in delete:
        return ""
    wal = h.store.by_mode.get("wal", {}).get(16) if h.store else None
    return (
        " The conversation store adds to it: `Conversations.ask` with the embedding cached "
        f"takes {delete[1]['p50']:.1f} ms at one thread (three SQLite transactions per "
        f"question) and {delete[16]['p95']:.0f} ms p95 at 16 threads, as writers wait for "
        "SQLite's file lock in its sleeping busy handler"
        + (f"; on the same file in WAL mode, {wal['p95']:.0f} ms." if wal else ".")
    )


def _recipe(r: BenchResults) -> str:
    p = r.in_process
    if p is None:
        return ""
    floor, recipe, ours = p.floor["p50"], p.recipe["p50"], p.ask["p50"]
    return (
        f"**LangChain recipe**: both embed the question ({floor:.1f} ms). The recipe then makes "
        f"one Chroma query (+{recipe - floor:.1f} ms); ours adds dense search, BM25, fusion, "
        f"refusal checks, sentence selection and citation checks (+{ours - floor:.1f} ms). Being "
        f"2 × faster needs a p50 of {recipe / 2:.1f} ms, below the cost of embedding the "
        "question at all; only a question already in the embedding cache gets there "
        f"({p.ask_cached['p50']:.1f} ms, {recipe / p.ask_cached['p50']:.1f} × faster)."
    )


def _no_change(r: BenchResults) -> str:
    b = r.builds
    if b is None:
        return ""
    parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in b.cli_parts.items())
    return (
        f"**No-change re-index**: the check itself takes {b.no_change_s * 1000:.0f} ms in "
        f"process (hash the files, read the index metadata). The command takes "
        f"{b.no_change_cli_s:.2f} s because a new process pays for {parts} (measured apart, "
        "so they overlap a little), then opens the Chroma client."
    )


def _full_build(r: BenchResults) -> str:
    b = r.builds
    if b is None:
        return ""
    ceiling = b.units / b.embed_only_s
    per_chunk = b.units / b.chunks
    return (
        f"**Full build**: each chunk is embedded as {per_chunk:.1f} sentence units on average "
        "(one vector per sentence, which is how a passage scores as its best sentence). The "
        f"model alone embeds {ceiling:.0f} units/s here, a ceiling of "
        f"{ceiling / per_chunk:.0f} chunks/s before anything is written; the build reaches "
        f"{b.units_per_s:.0f} units/s ({100 * b.units_per_s / ceiling:.0f}% of the model's "
        "speed), the rest being loading, chunking and Chroma writes."
    )


def _growth(r: BenchResults) -> str:
    big = next((g for g in r.growth if g.target >= 100_000), None)
    if big is None:
        return ""
    stages = {name: {"p50": value} for name, value in big.worker.stages.items()}
    return (
        f"**100,000 chunks**: p50 {big.paired_ratio:.2f} × the shipped corpus's. Stage p50s in "
        f"ms at that size: embed {big.worker.stages.get('embed', float('nan')):.1f}, "
        f"{_stage_line(stages)}; compare the stage table under Growth."
    )


def _cold_start(r: BenchResults) -> str:
    c = r.cold_start
    if c is None:
        return ""
    steps = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in c.steps.items())
    return (f"**Cold start** ({c.cold_start_s:.1f} s): {steps}. The model step is mostly "
            "importing sentence-transformers (with transformers and scikit-learn) and torch.")
