"""Evaluation cases staff make from readers' ratings, in the schema of evals/cases.jsonl, and the
console's run of the suite (the repository's cases plus the staff cases).

A staff case's evidence is cut by code from a document of the index in use (never typed), and
checked by `check_cases.check_case`, the checker of the repository's cases, against the text of
every indexed document (PDF and Word documents included, so not line by line)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.pipeline import Assistant

from .cases import CASES_FILE, Case, case_from_dict, load_cases
from .check_cases import MAX_WORDS, check_case
from .results import SuiteResult, compare
from .runner import SystemRun, run_system
from .systems import AssistantSystem

# Staff cases are written with the assistant's answer in view, so they tune, never judge: the
# frozen test split stays as evals/splits.py dealt it.
STAFF_SPLIT = "tune"
STAFF_ID_PREFIX = "staff-"
DEFAULT_CATEGORY = "guidance"
REFUSAL_CATEGORY = "out-of-scope"
FOLLOW_UP_CATEGORY = "follow-up"


class CaseProblem(ValueError):
    """A staff case that fails the checks; the message lists the problems."""


def evidence_at(documents: Mapping[str, str], doc_id: str, start: int, end: int) -> str:
    """The words of document `doc_id` between two offsets, at most MAX_WORDS of them, joined
    by single spaces (scoring folds white space the same way)."""
    text = documents.get(doc_id)
    if text is None or not 0 <= start < end <= len(text):
        raise CaseProblem(f"no passage of {doc_id!r} lies at {start}..{end} in the index in use")
    words = text[start:end].split()[:MAX_WORDS]
    return " ".join(words)


def make_case(
    rated: Mapping[str, Any], evidence: list[str] | None, category: str | None, author: str,
    taken: set[str], documents: Mapping[str, str],
) -> dict[str, Any]:
    """A case from a rated answer: citing `evidence`, or declining when it is None; checked."""
    history = [q for q in rated.get("history") or [] if q.strip()]
    if history:
        category = FOLLOW_UP_CATEGORY
    category = category or (DEFAULT_CATEGORY if evidence is not None else REFUSAL_CATEGORY)
    case: dict[str, Any] = {"id": _new_id(taken), "category": category,
                            "question": rated["question"]}
    if evidence is not None:
        case["evidence"] = evidence
    else:
        case["expect"] = "refuse"
    if history:
        case["history"] = history
    case["note"] = f"staff case by {author} from a rated answer ({rated['rating']})"
    case["split"] = STAFF_SPLIT
    check(case, documents)
    return case


def check(case: dict[str, Any], documents: Mapping[str, str]) -> None:
    """CaseProblem unless the case passes the repository's checks, its evidence quoted from
    the indexed documents (white space folded as scoring folds it)."""
    texts = [" ".join(text.split()) for text in documents.values()]
    problems = check_case(case, texts)
    if problems:
        raise CaseProblem("; ".join(problems))


def _new_id(taken: set[str]) -> str:
    while True:
        case_id = f"{STAFF_ID_PREFIX}{datetime.now():%Y%m%d}-{secrets.token_hex(3)}"
        if case_id not in taken:
            return case_id


def as_jsonl(cases: Iterable[dict[str, Any]]) -> str:
    """The cases as lines to append to evals/cases.jsonl."""
    return "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)


def suite(staff: Iterable[dict[str, Any]], cases_file: Path | None = None) -> list[Case]:
    """The console's cases: the repository's (or `cases_file`'s), then the staff cases."""
    return [*load_cases(cases_file or CASES_FILE), *(case_from_dict(c) for c in staff)]


def run_suite(assistant: Assistant, cases: list[Case],
              advance: Callable[[], None] | None = None) -> dict[str, Any]:
    """Every case asked of `assistant` in this process, scored against the documents of the
    index it serves; the run as evals' SystemRun.to_dict, with when it ended."""
    documents = dict(assistant.loaded.documents)
    run = run_system(AssistantSystem(assistant), cases, documents, advance)
    created = datetime.now().isoformat(timespec="seconds")
    as_json = SuiteResult(created, "in-process", "", [run]).to_dict()  # NaN written as null
    return {"created": created, **as_json["systems"][run.name]}


def changes(previous: dict[str, Any] | None, latest: dict[str, Any]) -> dict[str, Any]:
    """Which cases got better or worse (or are new, or gone) between two console runs."""
    if previous is None:
        return {"better": [], "worse": [], "added": [], "removed": []}
    then, now = (SuiteResult("", "", "", [SystemRun.from_dict("assistant", raw)])
                 for raw in (previous, latest))
    moved = compare(then, now)
    return {
        "better": [vars(change) for change in moved.better],
        "worse": [vars(change) for change in moved.worse],
        "added": moved.added, "removed": moved.removed,
    }
