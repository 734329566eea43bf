"""The corpus-growth check: each document left out of a private index in turn."""

from __future__ import annotations

from pathlib import Path

from assistant.search.embedders import Embedder
from evals.cases import Case
from evals.corpus import document_texts, load_documents
from evals.growth import growth_check
from evals.runner import run_system
from evals.systems import AssistantSystem

from .conftest import make_settings

DOCUMENTS = {
    "alpha.md": "# Alpha rules\n\nUnder the alpha rule, annual reports are due every March.\n",
    "beta.md": "# Beta rules\n\nUnder the beta rule, community grants last three years.\n",
}


def test_each_document_is_left_out_and_only_the_other_cases_are_asked(
    tmp_path: Path, embedder: Embedder
) -> None:
    from assistant.pipeline import build_assistant, build_indexer

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(corpus, tmp_path / "index")
    build_indexer(settings, embedder_factory=lambda: embedder).build()
    cases = [
        Case("a", "national-compact", "When are annual reports due under the alpha rule?",
             evidence=("annual reports are due every March",), split="test"),
        Case("b", "national-compact", "How long do community grants last under the beta rule?",
             evidence=("community grants last three years",), split="test"),
    ]
    documents = document_texts(load_documents(corpus))
    with_all = run_system(AssistantSystem(build_assistant(settings, embedder=embedder)), cases,
                          documents)
    assert all(r.passed for r in with_all.results), [r.failure_reasons() for r in with_all.results]
    rows = growth_check(settings, embedder, cases, {r.case_id: r for r in with_all.results},
                        documents)
    assert [(row.document, row.cases) for row in rows] == [("alpha.md", 1), ("beta.md", 1)]
    # without the other document each remaining case still passes: nothing was harmed
    assert all(row.harmed == [] and row.helped == [] for row in rows)
    assert corpus.joinpath("alpha.md").exists()  # the real corpus is never touched
