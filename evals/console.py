"""What the run prints: the summary table, the categories, comparisons and the gate (rich)."""

from __future__ import annotations

import math

from rich.console import Console
from rich.table import Table

from .metrics import METRICS, Metric, ratio
from .results import Comparison, SuiteResult

CATEGORY_COLUMNS = (
    "hit@1", "hit@5", "mrr", "answer_states_evidence", "refusal_recall", "false_refusal_rate",
    "pass_rate",
)
SHORT = {
    "answer_states_evidence": "answer", "refusal_recall": "refusal recall",
    "false_refusal_rate": "false refusals", "pass_rate": "passed",
}


def fmt(value: float, metric: Metric | None = None) -> str:
    """A metric value for display: ms for latency, whole numbers for counts, NaN as a dash."""
    if value is None or math.isnan(value):
        return "—"
    if metric and metric.unit == "ms":
        return f"{value:.1f} ms"
    if metric and metric.unit == "n":
        return f"{value:.0f}"
    return f"{value:.3f}"


def summary_table(result: SuiteResult) -> Table:
    """Each metric for the system and each baseline side by side, with system/baseline ratios."""
    cases = int(result.system.summary["cases"])
    table = Table(title=f"Evaluation: {cases} cases", title_justify="left")
    table.add_column("metric")
    table.add_column(result.system.label, justify="right", style="bold")
    for run in result.baselines:
        table.add_column(run.label, justify="right")
        table.add_column("ratio", justify="right", style="dim")
    for metric in METRICS:
        ours = result.system.summary.get(metric.key, math.nan)
        row = [metric.label, fmt(ours, metric)]
        for run in result.baselines:
            theirs = run.summary.get(metric.key, math.nan)
            share = ratio(ours, theirs)
            row += [fmt(theirs, metric), "—" if math.isnan(share) else f"{share:.2f}×"]
        table.add_row(*row)
    return table


def split_table(result: SuiteResult) -> Table:
    """Each metric on the tuning split and the frozen test split, for every system."""
    splits = [name for name in ("tune", "test") if name in result.system.splits]
    table = Table(title="By split (tune: weights chosen here; test: frozen, reported only)",
                  title_justify="left")
    table.add_column("metric")
    for run in result.runs:
        for split in splits:
            table.add_column(f"{run.name} {split}", justify="right",
                             style="bold" if run is result.system else None)
    for metric in METRICS:
        row = [metric.label]
        for run in result.runs:
            row += [fmt(run.splits.get(split, {}).get(metric.key, math.nan), metric)
                    for split in splits]
        table.add_row(*row)
    return table


def category_table(result: SuiteResult) -> Table:
    """The system's main figures per category, with the baselines' hit@1 for reference."""
    table = Table(title="By category (system)", title_justify="left")
    table.add_column("category", no_wrap=True)
    table.add_column("cases", justify="right")
    for key in CATEGORY_COLUMNS:
        table.add_column(SHORT.get(key, key), justify="right")
    for run in result.baselines:
        table.add_column(f"hit@1 {run.name}", justify="right", style="dim")
    for category, summary in result.system.categories.items():
        row = [category, f"{summary['cases']:.0f}"]
        row += [fmt(summary[key]) for key in CATEGORY_COLUMNS]
        for run in result.baselines:
            row.append(fmt(run.categories.get(category, {}).get("hit@1", math.nan)))
        table.add_row(*row)
    return table


def print_run(console: Console, result: SuiteResult) -> None:
    """The summary and category tables, then the failed cases' ids."""
    console.print(summary_table(result))
    if result.system.splits:
        console.print(split_table(result))
    console.print(category_table(result))
    failed = [r for r in result.system.results if not r.passed]
    shown = [r.case_id for r in failed if r.split != "test"]
    hidden = len(failed) - len(shown)
    console.print(f"{len(failed)} case(s) failed for the system: {', '.join(shown) or 'none'}"
                  + (f" (and {hidden} of the frozen test split, listed only in "
                     f"failures-test.md)" if hidden else ""))


def print_comparison(console: Console, comparison: Comparison, previous: str) -> None:
    """Cases that got better or worse since `previous`, and how each metric moved."""
    console.print(f"\n[bold]Compared with {previous}[/bold]")
    for title, changes, style in (
        ("Better", comparison.better, "green"), ("Worse", comparison.worse, "red"),
    ):
        console.print(f"[{style}]{title}: {len(changes)} case(s)[/{style}]")
        for c in changes:
            console.print(f"  {c.case_id} ({c.category}): {c.before} → {c.after}")
    if comparison.added or comparison.removed:
        console.print(f"New cases: {', '.join(comparison.added) or 'none'}; "
                      f"gone: {', '.join(comparison.removed) or 'none'}")
    moved = [
        f"{metric.key} {fmt(old, metric)} → {fmt(new, metric)}"
        for metric in METRICS
        for old, new in [comparison.metrics.get(metric.key, (math.nan, math.nan))]
        if not _same(old, new)
    ]
    console.print("Metrics moved: " + ("; ".join(moved) if moved else "none"))


def print_growth(console: Console, rows: list[dict[str, object]]) -> None:
    """The corpus-growth table: what adding each document did to the other cases."""
    table = Table(title="Corpus growth: each document added to the corpus without it",
                  title_justify="left")
    for column in ("document added", "other cases", "pass → fail", "fail → pass", "harmed"):
        table.add_column(column, justify="left" if column == "document added" else "right")
    for row in rows:
        harmed, helped = list(row["harmed"]), list(row["helped"])  # type: ignore[call-overload]
        table.add_row(str(row["document"]), str(row["cases"]), str(len(harmed)),
                      str(len(helped)), f"{float(row['harmed_share']):.1%}")  # type: ignore[arg-type]
    console.print(table)


def print_gate(console: Console, failures: list[str], thresholds: str) -> None:
    """The gate's verdict."""
    if not failures:
        console.print(f"[green]Gate passed[/green] ({thresholds})")
        return
    console.print(f"[red]Gate failed[/red] ({thresholds}):")
    for failure in failures:
        console.print(f"  {failure}")


def _same(old: float, new: float) -> bool:
    if math.isnan(old) and math.isnan(new):
        return True
    return not math.isnan(old) and not math.isnan(new) and abs(old - new) < 1e-9
