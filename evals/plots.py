"""The report's charts as PNG bytes (matplotlib, no display needed)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .runner import SystemRun  # noqa: E402

HEADLINE = (
    ("hit@1", "hit@1"),
    ("hit@5", "hit@5"),
    ("mrr", "MRR"),
    ("answer_states_evidence", "answer"),
    ("citations_valid", "citations"),
    ("refusal_recall", "refusal recall"),
    ("follow_up_success", "follow-ups"),
    ("pass_rate", "passed"),
)
COLOURS = ("#1b6ca8", "#d98c1e", "#7a7a7a")


def hit_by_category(runs: list[SystemRun]) -> bytes:
    """hit@1, hit@3 and hit@5 per category (answerable cases), one bar per system."""
    categories = [
        name for name, summary in runs[0].categories.items() if not math.isnan(summary["hit@1"])
    ]
    figure, axes = plt.subplots(1, 3, figsize=(13, 4), sharey=True)
    for axis, key in zip(axes, ("hit@1", "hit@3", "hit@5"), strict=True):
        _grouped_bars(axis, categories, runs, _category_metric(key))
        axis.set_title(key)
        axis.tick_params(axis="x", labelrotation=30)
    axes[0].set_ylabel("share of answerable cases")
    return _png(_legend_on_top(figure, axes[0], len(runs)), top=0.88)


def system_vs_baselines(runs: list[SystemRun]) -> bytes:
    """The headline metrics, one bar per system."""
    figure, axis = plt.subplots(figsize=(11, 4))
    labels = [label for _, label in HEADLINE]
    keys = {label: key for key, label in HEADLINE}
    _grouped_bars(axis, labels, runs, lambda run, label: run.summary[keys[label]])
    axis.set_ylabel("score (higher is better)")
    return _png(_legend_on_top(figure, axis, len(runs)), top=0.9)


def latency_histogram(runs: list[SystemRun]) -> bytes:
    """Per-question latency of each system (log scale), with the system's p50 and p95."""
    figure, axis = plt.subplots(figsize=(11, 3.6))
    values = [[r.latency_ms for r in run.results if r.error is None] for run in runs]
    positive = [v for run_values in values for v in run_values if v > 0]
    low, high = (min(positive), max(positive)) if positive else (0.1, 1.0)
    bins = np.logspace(math.log10(low), math.log10(high * 1.01), 40).tolist()
    for run, run_values, colour in zip(runs, values, COLOURS, strict=False):
        axis.hist(run_values, bins=bins, alpha=0.55, label=run.label, color=colour)
    for key, style in (("latency_p50_ms", "-"), ("latency_p95_ms", "--")):
        if not math.isnan(runs[0].summary[key]):
            axis.axvline(runs[0].summary[key], color=COLOURS[0], linestyle=style, linewidth=1)
    axis.set_xscale("log")
    axis.set_xlabel("milliseconds per question (lines: system p50, p95)")
    axis.set_ylabel("cases")
    axis.legend(fontsize=8)
    return _png(figure)


def _category_metric(key: str) -> Callable[[SystemRun, str], float]:
    return lambda run, category: run.categories[category][key]


def _grouped_bars(
    axis: Axes, groups: list[str], runs: list[SystemRun], value: Callable[[SystemRun, str], float]
) -> None:
    width = 0.8 / max(len(runs), 1)
    positions = np.arange(len(groups))
    for index, (run, colour) in enumerate(zip(runs, COLOURS, strict=False)):
        heights = [np.nan_to_num(value(run, group)) for group in groups]
        axis.bar(positions + index * width, heights, width, label=run.label, color=colour)
    axis.set_xticks(positions + width * (len(runs) - 1) / 2, groups)
    axis.set_ylim(0, 1.05)
    axis.grid(axis="y", alpha=0.3)


def _legend_on_top(figure: Figure, axis: Axes, columns: int) -> Figure:
    handles, labels = axis.get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncol=columns, fontsize=9)
    return figure


def _png(figure: Figure, top: float = 1.0) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout(rect=(0, 0, 1, top))
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return buffer.getvalue()
