"""Check evals/cases.jsonl: fields, categories, unique ids, and evidence quoted from the corpus.

Every evidence phrase must be an exact substring of a single line of one corpus file (raw lines,
trailing whitespace stripped), so a citation quote can contain it without spanning a line break.

Usage: python evals/check_cases.py [cases.jsonl] [corpus_dir]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from assistant.ingest.indexing import corpus_files as indexed_files
from evals.splits import SPLITS

HERE = Path(__file__).resolve().parent
DEFAULT_CASES = HERE / "cases.jsonl"
DEFAULT_CORPUS = HERE.parent / "corpus"
LINE_FORMATS = {".txt", ".md", ".csv"}  # documents whose lines an evidence phrase can quote
CATEGORIES = {
    "guidance",
    "national-compact",
    "local-compacts",
    "follow-up",
    "out-of-scope",
    "adversarial",
    "paraphrase-typo",
}
MIN_COUNTS = {
    "guidance": 25,
    "national-compact": 20,
    "local-compacts": 15,
    "follow-up": 10,
    "paraphrase-typo": 10,
    "out-of-scope": 15,
    "adversarial": 15,
}
MIN_TOTAL = 110
MAX_EVIDENCE = 3
MAX_WORDS = 12
MIN_POINTS, MAX_POINTS = 2, 6


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The corpus documents (as the indexer lists them) that are read as lines of text."""
    return [path for path in indexed_files(corpus_dir) if path.suffix.lower() in LINE_FORMATS]


def load_corpus_lines(corpus_dir: Path) -> list[str]:
    """Return every line of the corpus files with trailing whitespace stripped."""
    lines: list[str] = []
    for path in corpus_files(corpus_dir):
        text = path.read_text(encoding="utf-8")
        lines.extend(line.rstrip() for line in text.splitlines())
    return lines


def check_evidence(phrases: object, corpus_lines: list[str]) -> list[str]:
    """Return problems with one case's evidence list."""
    if not isinstance(phrases, list) or not 1 <= len(phrases) <= MAX_EVIDENCE:
        return [f"evidence must be a list of 1-{MAX_EVIDENCE} phrases"]
    return check_phrases(phrases, corpus_lines)


def check_points(points: object, corpus_lines: list[str]) -> list[str]:
    """Return problems with one case's points (the phrases a complete answer states)."""
    if not isinstance(points, list) or not MIN_POINTS <= len(points) <= MAX_POINTS:
        return [f"points must be a list of {MIN_POINTS}-{MAX_POINTS} phrases"]
    return check_phrases(points, corpus_lines)


def check_phrases(phrases: list[object], corpus_lines: list[str]) -> list[str]:
    """Return problems with phrases that must each be quoted from one corpus line."""
    problems = []
    for phrase in phrases:
        if not isinstance(phrase, str) or not phrase.strip():
            problems.append(f"evidence phrase is not a non-empty string: {phrase!r}")
        elif phrase != phrase.strip() or "  " in phrase:
            problems.append(f"evidence has stray or double spaces: {phrase!r}")
        elif len(phrase.split()) > MAX_WORDS:
            problems.append(f"evidence longer than {MAX_WORDS} words: {phrase!r}")
        elif not any(phrase in line for line in corpus_lines):
            problems.append(f"evidence not on any single corpus line: {phrase!r}")
    return problems


def check_case(case: dict, corpus_lines: list[str]) -> list[str]:
    """Return problems with one case (empty when it is valid)."""
    problems = []
    for field in ("id", "category", "question"):
        if not isinstance(case.get(field), str) or not case[field].strip():
            problems.append(f"missing or empty {field!r}")
    if case.get("category") not in CATEGORIES:
        problems.append(f"unknown category {case.get('category')!r}")
    has_evidence, refuses = "evidence" in case, case.get("expect") == "refuse"
    if has_evidence == refuses:
        problems.append('needs exactly one of "evidence" or "expect": "refuse"')
    if "expect" in case and not refuses:
        problems.append(f"unknown expect {case['expect']!r}")
    if has_evidence:
        problems.extend(check_evidence(case["evidence"], corpus_lines))
    if "points" in case:
        if not has_evidence:
            problems.append("points are only for answerable cases")
        problems.extend(check_points(case["points"], corpus_lines))
    if case.get("split") not in SPLITS:
        problems.append(f"split must be one of {sorted(SPLITS)} (run python -m evals.splits)")
    history = case.get("history")
    if case.get("category") == "follow-up":
        if not isinstance(history, list) or not history or not all(
            isinstance(h, str) and h.strip() for h in history
        ):
            problems.append("follow-up needs a non-empty list of history questions")
    elif history is not None:
        problems.append("history is only for follow-up cases")
    return problems


def check_file(cases_path: Path, corpus_dir: Path) -> tuple[list[str], Counter]:
    """Check every line of the cases file; return problems and counts per category."""
    corpus_lines = load_corpus_lines(corpus_dir)
    problems: list[str] = []
    counts: Counter = Counter()
    seen: set[object] = set()
    lines = cases_path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: invalid JSON ({exc})")
            continue
        if not isinstance(case, dict):
            problems.append(f"line {number}: not a JSON object")
            continue
        case_id = case.get("id")
        if case_id in seen:
            problems.append(f"line {number}: duplicate id {case_id!r}")
        seen.add(case_id)
        counts[case.get("category")] += 1
        problems.extend(f"line {number} ({case_id}): {p}" for p in check_case(case, corpus_lines))
    for category, minimum in MIN_COUNTS.items():
        if counts[category] < minimum:
            problems.append(f"{category}: {counts[category]} cases, need at least {minimum}")
    if sum(counts.values()) < MIN_TOTAL:
        problems.append(f"{sum(counts.values())} cases in all, need at least {MIN_TOTAL}")
    return problems, counts


def main(argv: list[str] | None = None) -> int:
    """Run the checks, print counts and any problems; exit 1 on failure."""
    args = sys.argv[1:] if argv is None else argv
    cases_path = Path(args[0]) if args else DEFAULT_CASES
    corpus_dir = Path(args[1]) if len(args) > 1 else DEFAULT_CORPUS
    problems, counts = check_file(cases_path, corpus_dir)
    for category in sorted(counts, key=str):
        print(f"{category}: {counts[category]}")
    print(f"total: {sum(counts.values())}")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
