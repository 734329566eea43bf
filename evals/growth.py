"""The corpus-growth check: does adding a document move the answers to other questions?

For each document in turn, a private index is built from the corpus without it, and the test
split's cases that do not belong to it (their evidence is not in it) are asked of both that
assistant and the one over the whole corpus. A case that passes without the document but fails
with it was harmed by adding it. A system fitted to one small corpus moves a lot; a robust one
barely moves.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.search.embedders import Embedder

from .cases import Case
from .check_cases import corpus_files
from .runner import run_system
from .scoring import CaseResult


@dataclass(frozen=True)
class GrowthRow:
    """What adding one document did to the other documents' cases."""

    document: str
    cases: int
    harmed: list[str]  # passed without the document, fail with it
    helped: list[str]  # failed without it, pass with it

    @property
    def harmed_share(self) -> float:
        """The share of the compared cases that adding the document turned from pass to fail."""
        return len(self.harmed) / self.cases if self.cases else 0.0


def belongs_to(case: Case, lines: set[str]) -> bool:
    """True when one of the case's evidence phrases is on a line of the document."""
    return any(phrase in line for phrase in case.evidence for line in lines)


def growth_check(
    settings: Settings, embedder: Embedder, cases: Sequence[Case],
    with_all: dict[str, CaseResult], documents: dict[str, str],
) -> list[GrowthRow]:
    """One row per document: the other cases' verdicts without it against `with_all`."""
    from assistant.pipeline import build_assistant, build_indexer

    from .systems import AssistantSystem

    rows = []
    for path in corpus_files(settings.corpus_dir):
        lines = {line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()}
        others = [c for c in cases if not belongs_to(c, lines)]
        with tempfile.TemporaryDirectory(prefix="compact-growth-") as folder:
            corpus = Path(folder) / "corpus"
            shutil.copytree(settings.corpus_dir, corpus,
                            ignore=lambda _dir, names, p=path: [n for n in names if n == p.name])
            reduced = settings.model_copy(update={
                "corpus_dir": corpus, "index_dir": Path(folder) / "index",
                "database_url": f"sqlite:///{folder}/assistant.db",
            })
            build_indexer(reduced, embedder_factory=lambda: embedder).build()
            assistant = build_assistant(reduced, embedder=embedder)
            without = run_system(AssistantSystem(assistant), others, documents).results
        harmed = [r.case_id for r in without if r.passed and not with_all[r.case_id].passed]
        helped = [r.case_id for r in without if not r.passed and with_all[r.case_id].passed]
        rows.append(GrowthRow(path.name, len(others), harmed, helped))
    return rows
