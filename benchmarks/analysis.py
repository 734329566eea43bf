"""Where the time (or memory) goes for each missed target, written from the run's own
figures, with an excerpt of the profile where it applies."""

from __future__ import annotations

from collections.abc import Callable

from .build_speed import BuildResult
from .profiling import Profile
from .results import BenchResults
from .targets import ANSWERS_PER_S, CHUNKS_PER_S, P95_MS, RECIPE_SPEED_UP, check_targets

EXTRA_STAGES = ("list lookup", "dense", "lexical", "rank", "refusal", "answer",
                "citation check")
PROFILE_EXCERPT = 4  # packages, then functions, named from a profile
MEMORY_EXCERPT = 6  # mappings named for the server's memory


def explain(r: BenchResults) -> str:
    """One paragraph per missed target (empty when every target that ran is met)."""
    missed = [c.target for c in check_targets(r) if c.met is False]
    explainers: tuple[tuple[str, Callable[[BenchResults], str]], ...] = (
        ("question embedding", _floor), ("`/v1/ask` p50", _http_c1),
        ("LangChain recipe", _recipe), ("concurrency 16", _http_c16),
        ("full index build", _full_build), ("cold start", _cold_start),
        ("resident memory", _memory), ("at 100,000 chunks", _growth),
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


def _profile_excerpt(r: BenchResults) -> str:
    return _excerpt("`ask`", r.profile)


def _store_profile_excerpt(r: BenchResults) -> str:
    store = r.http.store if r.http else None
    return _excerpt("`Conversations.ask` with the embedding cached",
                    store.profile if store else None)


def _excerpt(what: str, profile: Profile | None) -> str:
    if profile is None:
        return ""
    total = profile.total
    top = [(owner, ms) for owner, ms in profile.by_package if owner != "total"]
    shares = ", ".join(f"{owner} {ms:.2f} ms ({100 * ms / total:.0f}%)"
                       for owner, ms in top[:PROFILE_EXCERPT])
    spots = ", ".join(f"`{name}` {ms:.2f} ms" for name, ms in profile.hot_spots)
    return (f" Profile of {what} ({total:.1f} ms per question under cProfile): own time by "
            f"package {shares}; the busiest of the project's functions, with what they call: "
            f"{spots}.")


def _floor(r: BenchResults) -> str:
    p, a = r.in_process, r.agreement
    if p is None:
        return ""
    text = (f"**Question embedding**: {p.runtime} takes {p.new_floor['p50']:.2f} ms p50 to "
            f"PyTorch's {p.stock_floor['p50']:.2f} ms in the same loop"
            + "".join(f"; {name} {s['p50']:.2f} ms" for name, s in p.floors.items()
                      if name not in (p.runtime, "torch")) + ".")
    if a is not None and p.runtime in a.hit_at_1:
        text += (f" Evaluation hit@1: {p.runtime} {a.hit_at_1[p.runtime]:.3f}, torch "
                 f"{a.hit_at_1['torch']:.3f}.")
    return text


def _http_c1(r: BenchResults) -> str:
    h = r.http
    if h is None or 1 not in h.fresh:
        return ""
    x, floor = h.fresh[1], h.stock_floor["p50"]
    text = (f"**`/v1/ask` at concurrency 1**: {x.latency['p50']:.1f} ms p50 against a stock "
            f"floor of {floor:.1f} ms. Inside `ask` (its own `timings_ms.total`) it is "
            f"{x.server['p50']:.1f} ms; the other {x.latency['p50'] - x.server['p50']:.1f} ms "
            "are HTTP (client and uvicorn on the same two cores), the middleware, the "
            "micro-batcher's hand-off to its thread and the conversation store.")
    store = h.store.by_mode.get("embedding cached", {}).get(1) if h.store else None
    if store is not None and r.in_process is not None:
        cached = r.in_process.ask_cached["p50"]
        text += (f" In process, `Conversations.ask` with the embedding cached takes "
                 f"{store['p50']:.1f} ms p50 (`ask` alone, cached: {cached:.1f} ms in §1–2).")
    return text + _profile_excerpt(r) + _store_profile_excerpt(r)


def _recipe(r: BenchResults) -> str:
    p = r.in_process
    if p is None:
        return ""
    floor, recipe, ours = p.new_floor["p50"], p.recipe["p50"], p.ask["p50"]
    return (
        f"**LangChain recipe**: both embed the question with {p.runtime} ({floor:.1f} ms). The "
        f"recipe then makes one Chroma query (+{recipe - floor:.1f} ms); ours embeds up to "
        "three texts per question (the question, its expansion, its asking sentence), and any "
        "word the corpus never uses once, to find its stand-in, "
        f"then dense search, BM25, ranking, refusal checks, sentence selection and citation "
        f"checks (+{ours - floor:.1f} ms; stage p50s in ms: {_stage_line(p.stages)}). Being "
        f"{2:.0f} × faster needs a p50 of {recipe / 2:.1f} ms; a question already in the "
        f"embedding cache takes {p.ask_cached['p50']:.1f} ms ({recipe / p.ask_cached['p50']:.1f}"
        " × faster)." + _recipe_bound(floor, recipe) + _profile_excerpt(r)
    )


def _recipe_bound(floor: float, recipe: float) -> str:
    """Whether embedding the question alone already takes longer than the goal allows."""
    if floor <= recipe / RECIPE_SPEED_UP:
        return ""
    allowed = recipe / RECIPE_SPEED_UP
    return (f" The floor alone, {floor:.1f} ms for one text, is above the {allowed:.1f} ms"
            " the goal allows: the recipe embeds the question once and adds one query, so no "
            "pipeline that embeds the question with the same model and runtime can be "
            f"{RECIPE_SPEED_UP:.0f} × faster than it, however little else it does.")


def _http_c16(r: BenchResults) -> str:
    h = r.http
    if h is None or 16 not in h.fresh:
        return ""
    x = h.fresh[16]
    text = (
        f"**Concurrency 16**: {x.throughput:.0f} answers/s with {x.latency['p50']:.0f} ms p50 "
        f"and {x.latency['p95']:.0f} ms p95, while the answers' own `timings_ms.total` p50 is "
        f"{x.server['p50']:.0f} ms: the rest is waiting. With 16 requests in flight, mean "
        f"latency is 16 / throughput = {16000 / x.throughput:.0f} ms (Little's law); a p95 of "
        f"{P95_MS:.0f} ms needs over {16000 / P95_MS:.0f} answers/s and {ANSWERS_PER_S:.0f}/s "
        f"leaves {2000 / ANSWERS_PER_S:.0f} ms of CPU time per answer on two cores, HTTP, the "
        "load generator (on the same cores) and storage included."
    )
    off = h.unbatched.get(16)
    if off is not None:
        text += (f" Without micro-batching: {off.throughput:.0f} answers/s, p95 "
                 f"{off.latency['p95']:.0f} ms.")
    repeated = h.repeated.get(16)
    if repeated is not None:
        text += (f" Repeated questions (no model call) reach {repeated.throughput:.0f} answers/s "
                 f"with p95 {repeated.latency['p95']:.0f} ms: the ceiling of everything but the "
                 "model.")
        if repeated.throughput < ANSWERS_PER_S:
            text += (f" That is below the goal of {ANSWERS_PER_S:.0f}/s with no model call at "
                     "all: every new question adds its embedding to it.")
    return text + _store_note(r)


def _store_note(r: BenchResults) -> str:
    store = r.http.store if r.http else None
    cached = store.by_mode.get("embedding cached", {}) if store else {}
    if not store or 16 not in cached:
        return ""
    text = (f" In process with 16 threads, `Conversations.ask` with the embedding cached has "
            f"p95 {cached[16]['p95']:.0f} ms (the store and Python's lock)")
    batched = store.by_mode.get("new questions, micro-batched", {}).get(16)
    if batched is not None and store.batches is not None:
        text += (f"; with new questions through the micro-batcher, p95 {batched['p95']:.0f} ms, "
                 f"{store.batches.mean_batch:.1f} texts per model call")
    return text + "."


def _full_build(r: BenchResults) -> str:
    b = r.builds
    if b is None:
        return ""
    ceiling = b.units / b.embed_only_s
    per_chunk = b.units / b.chunks
    return (
        f"**Full build**: each chunk is embedded as {per_chunk:.1f} sentence units on average "
        "(one vector per sentence, which is how a passage scores as its best sentence). The "
        f"model alone ({b.runtime}) embeds {ceiling:.0f} units/s here, a ceiling of "
        f"{ceiling / per_chunk:.0f} chunks/s before anything is written; the build reaches "
        f"{b.units_per_s:.0f} units/s ({100 * b.units_per_s / ceiling:.0f}% of the model's "
        "speed), the rest being loading, chunking and Chroma writes. On passages the runtime "
        f"saves little: PyTorch alone embeds {b.units / b.stock_embed_only_s:.0f} units/s on "
        "the same texts: the runtime's gain is on a short question, not on batches of passages."
        + _whole_chunk_bound(b)
    )


def _whole_chunk_bound(b: BuildResult) -> str:
    """Whether the goal is out of reach even with one vector per chunk (no sentence vectors)."""
    whole = b.chunks / b.whole_chunks_only_s
    if not whole < CHUNKS_PER_S:  # nan (not measured) or within reach
        return ""
    return (f" Even one vector per chunk, its whole text and no sentence vectors, would embed "
            f"{whole:.0f} chunks/s with the model alone, below the goal of {CHUNKS_PER_S:.0f}: "
            "on two cores the goal is out of reach for this model in fp32, whatever the build "
            "does around it.")


def _cold_start(r: BenchResults) -> str:
    c = r.cold_start
    if c is None:
        return ""
    steps = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in c.steps.items())
    return f"**Cold start** ({c.cold_start_s:.2f} s, the ONNX file already cached): {steps}."


def _memory(r: BenchResults) -> str:
    h = r.http
    if h is None or not h.rss_parts:
        return ""
    parts = ", ".join(f"{name} {mb:.0f} MB" for name, mb in h.rss_parts[:MEMORY_EXCERPT])
    return (f"**Resident memory**: the server holds {h.rss_mb:.0f} MB after concurrency "
            f"{max(h.fresh)}; its largest parts by mapping (/proc/PID/smaps): {parts}.")


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
