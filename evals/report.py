"""The self-contained HTML report (charts inlined as base64 PNGs) and the failed-case list."""

from __future__ import annotations

import base64
import math
from html import escape
from pathlib import Path

from . import plots
from .metrics import METRICS, ratio
from .results import SuiteResult
from .runner import SystemRun
from .scoring import CaseResult

REPORT_NAME = "report.html"
FAILURES_NAME = "failures.md"
TEST_FAILURES_NAME = "failures-test.md"  # kept apart: not to be read while tuning
STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.case { border-left: 4px solid #c0392b; padding: 0.3rem 0.8rem; margin: 0.8rem 0;
        background: #fafafa; }
.case .why { color: #c0392b; }
.quote { color: #555; font-size: 13px; }
.pass { color: #1e7d32; } .fail { color: #c0392b; }
img { max-width: 100%; }
"""


def write_report(result: SuiteResult, folder: Path) -> Path:
    """Write report.html into `folder`; returns its path."""
    path = folder / REPORT_NAME
    path.write_text(render(result), encoding="utf-8")
    return path


def render(result: SuiteResult) -> str:
    """The whole report as one HTML string with nothing loaded from elsewhere."""
    failed = [r for r in result.system.results if not r.passed and r.split != "test"]
    hidden = sum(1 for r in result.system.results if not r.passed and r.split == "test")
    parts = [
        f"<h1>Compact assistant evaluation</h1><p>{escape(_header(result))}</p>",
        _gate_html(result),
        "<h2>System and baselines</h2>", _summary_html(result),
        "<h2>By split</h2>", _split_html(result),
        "<h2>By category (system)</h2>", _category_html(result.system),
        "<h2>hit@k by category</h2>", _img(plots.hit_by_category(result.runs)),
        "<h2>Headline metrics</h2>", _img(plots.system_vs_baselines(result.runs)),
        "<h2>Latency</h2>", _img(plots.latency_histogram(result.runs)),
        f"<h2>Failed cases: system ({len(failed)}, outside the frozen test split)</h2>",
        f"<p>{hidden} failed case(s) of the test split are listed in {TEST_FAILURES_NAME}.</p>",
        *(_case_html(r) for r in failed),
        *(_baseline_failures_html(run) for run in result.baselines),
    ]
    body = "\n".join(parts)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Evaluation {escape(result.created)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def write_failures(result: SuiteResult, folder: Path) -> Path:
    """Write failures.md (tuning split and unsplit cases) and failures-test.md (the frozen
    test split, kept apart so that tuning never reads it): each failed case, why, and what was
    cited instead. Returns the path of failures.md."""
    failed = [r for r in result.system.results if not r.passed]
    _write_failure_list(result, [r for r in failed if r.split == "test"],
                        folder / TEST_FAILURES_NAME)
    return _write_failure_list(result, [r for r in failed if r.split != "test"],
                               folder / FAILURES_NAME)


def _write_failure_list(result: SuiteResult, failed: list[CaseResult], path: Path) -> Path:
    lines = [f"# Failed cases: {result.system.label} ({result.created})", ""]
    for r in failed:
        lines.append(f"## {r.case_id} ({r.category})")
        lines += [f"- earlier: {h}" for h in r.history]
        lines.append(f"- question: {r.question}")
        lines.append(f"- expected: {_expected(r)}")
        lines.append(f"- why: {'; '.join(r.failure_reasons())}")
        if r.points:
            missing = [p for p in r.points if p not in r.points_stated]
            lines.append(f"- points stated {len(r.points_stated)}/{len(r.points)}; "
                         f"missing: {'; '.join(missing) or 'none'}")
        lines.append(f"- status: {r.status}; answer: {_short(r.answer, 240)}")
        lines += [f"- cited [{c['n']}] {c['doc_id']}: {_short(c['quote'], 160)}" for c in r.cited]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _header(result: SuiteResult) -> str:
    return (
        f"Run {result.created} against {result.target}; {len(result.system.results)} cases "
        f"from {result.cases_file}; {result.seconds:.1f} s in all."
    )


def _gate_html(result: SuiteResult) -> str:
    if not result.gate:
        return ""
    failures = result.gate.get("failures", [])
    if not failures:
        return "<p class='pass'>Gate passed.</p>"
    items = "".join(f"<li>{escape(f)}</li>" for f in failures)
    return f"<p class='fail'>Gate failed:</p><ul>{items}</ul>"


def _summary_html(result: SuiteResult) -> str:
    head = "<tr><th>metric</th>" + "".join(
        f"<th>{escape(run.label)}</th>" + ("<th>ratio</th>" if i else "")
        for i, run in enumerate(result.runs)
    ) + "</tr>"
    rows = []
    for metric in METRICS:
        ours = result.system.summary.get(metric.key, math.nan)
        cells = [escape(metric.label), _fmt(ours, metric.unit)]
        for run in result.baselines:
            theirs = run.summary.get(metric.key, math.nan)
            share = ratio(ours, theirs)
            cells += [_fmt(theirs, metric.unit), "—" if math.isnan(share) else f"{share:.2f}×"]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _split_html(result: SuiteResult) -> str:
    splits = [name for name in ("tune", "test") if name in result.system.splits]
    columns = [(run, split) for run in result.runs for split in splits]
    head = "<tr><th>metric</th>" + "".join(
        f"<th>{escape(run.name)} {split}</th>" for run, split in columns) + "</tr>"
    rows = [
        f"<tr><td>{escape(metric.label)}</td>" + "".join(
            f"<td>{_fmt(run.splits[split].get(metric.key, math.nan), metric.unit)}</td>"
            for run, split in columns) + "</tr>"
        for metric in METRICS
    ]
    return f"<table>{head}{''.join(rows)}</table>"


def _category_html(run: SystemRun) -> str:
    keys = ("cases", "hit@1", "hit@3", "hit@5", "mrr", "answer_states_evidence",
            "refusal_recall", "false_refusal_rate", "pass_rate")
    head = "<tr><th>category</th>" + "".join(f"<th>{escape(k)}</th>" for k in keys) + "</tr>"
    rows = [
        f"<tr><td>{escape(category)}</td>"
        + "".join(f"<td>{_fmt(summary[k], 'n' if k == 'cases' else '')}</td>" for k in keys)
        + "</tr>"
        for category, summary in run.categories.items()
    ]
    return f"<table>{head}{''.join(rows)}</table>"


def _case_html(r: CaseResult) -> str:
    history = "".join(f"<div>earlier: {escape(h)}</div>" for h in r.history)
    cited = "".join(
        f"<li class='quote'>[{c['n']}] {escape(str(c['doc_id']))}"
        f"{' — ' + escape(str(c['section'])) if c.get('section') else ''}: "
        f"{escape(str(c['quote']))}</li>"
        for c in r.cited
    )
    return (
        f"<div class='case'><b>{escape(r.case_id)}</b> ({escape(r.category)}){history}"
        f"<div>question: {escape(r.question)}</div>"
        f"<div>expected: {escape(_expected(r))}</div>"
        f"<div class='why'>why: {escape('; '.join(r.failure_reasons()))}</div>"
        f"<div>status: {escape(r.status)}; answer: {escape(_short(r.answer, 400))}</div>"
        f"<div>cited instead:</div><ol>{cited or '<li>nothing</li>'}</ol></div>"
    )


def _baseline_failures_html(run: SystemRun) -> str:
    failed = [r for r in run.results if not r.passed and r.split != "test"]
    cases = "".join(_case_html(r) for r in failed)
    return (
        f"<details><summary>Failed cases: {escape(run.label)} ({len(failed)})</summary>"
        f"{cases}</details>"
    )


def _expected(r: CaseResult) -> str:
    return "a refusal" if r.expected_refusal else " | ".join(r.evidence)


def _img(png: bytes) -> str:
    return f"<img alt='chart' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"


def _fmt(value: float, unit: str = "") -> str:
    if value is None or math.isnan(value):
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.0f}" if unit == "n" else f"{value:.3f}"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
